/**
 * The broker: Kafka wire protocol (network, one handler per API key), partitions, coordinators, metadata.
 * Knows nothing of files; talks to storage through {@code io.runnel.storage}.
 */
package io.runnel.broker;

/**
 * Segmented partition logs: Kafka record batch v2 bytes as produced, offset and time indexes, recovery,
 * retention and compaction. Knows record batches, never requests.
 */
package io.runnel.storage;

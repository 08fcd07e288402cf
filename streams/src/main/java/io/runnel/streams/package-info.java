/** The Runnel stream-processing engine: a typed fluent DSL compiled to tasks that run over any Kafka-protocol cluster. */
package io.runnel.streams;

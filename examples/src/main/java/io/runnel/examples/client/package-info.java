/**
 * Runnel client examples, Java versions of the classic Pulsar Python tutorial (Producer.py, Consumer.py,
 * Consumer_reader_interface.py), runnable with {@code ./runnel example producer|consumer|reader}.
 */
package io.runnel.examples.client;

package io.runnel.examples.client;

import io.runnel.client.Message;
import io.runnel.client.MessageId;
import io.runnel.client.Reader;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import java.io.PrintStream;

/**
 * The classic Pulsar tutorial's Consumer_reader_interface.py in Java: reads a topic from the earliest message
 * (or a given message id) without a subscription and prints each message with its id. Run it with
 * {@code ./runnel example reader --service-url runnel://localhost:9092 --topic my-topic}.
 */
public final class ReaderExample {
    private ReaderExample() {
    }

    /** Reads until {@code maxMessages} were read (forever when negative). */
    public static void run(String serviceUrl, String topic, MessageId start, long maxMessages, PrintStream out)
            throws RunnelClientException {
        try (RunnelClient client = RunnelClient.builder().serviceUrl(serviceUrl).build();
             Reader<String> reader = client.newReader(Schema.STRING).topic(topic).startMessageId(start).create()) {
            for (long n = 0; maxMessages < 0 || n < maxMessages; n++) {
                Message<String> msg = reader.readNext();
                out.printf("Received message '%s' id='%s'%n", msg.getValue(), msg.getMessageId());
            }
        }
    }
}

package io.runnel.examples.client;

import io.runnel.client.MessageId;
import io.runnel.client.Producer;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import java.io.PrintStream;

/**
 * The classic Pulsar tutorial's Producer.py in Java: sends "hello-pulsar-0" .. "hello-pulsar-9" to a topic.
 * Run it with {@code ./runnel example producer --service-url runnel://localhost:9092 --topic my-topic}.
 */
public final class ProducerExample {
    private ProducerExample() {
    }

    /** Sends {@code count} messages and prints the id of each. */
    public static void run(String serviceUrl, String topic, int count, PrintStream out) throws RunnelClientException {
        try (RunnelClient client = RunnelClient.builder().serviceUrl(serviceUrl).build();
             Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create()) {
            for (int i = 0; i < count; i++) {
                String content = "hello-pulsar-" + i;
                MessageId id = producer.send(content);
                out.printf("Sent message '%s' id='%s'%n", content, id);
            }
        }
    }
}

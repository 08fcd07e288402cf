package io.runnel.examples.client;

import io.runnel.client.Consumer;
import io.runnel.client.Message;
import io.runnel.client.RunnelClient;
import io.runnel.client.RunnelClientException;
import io.runnel.client.Schema;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionType;
import java.io.PrintStream;

/**
 * The classic Pulsar tutorial's Consumer.py in Java: subscribes, then receives, prints and acknowledges messages in
 * a loop. Run it with {@code ./runnel example consumer --service-url runnel://localhost:9092 --topic my-topic
 * --subscription my-sub}.
 */
public final class ConsumerExample {
    private ConsumerExample() {
    }

    /** Receives until {@code maxMessages} arrived (forever when negative). */
    public static void run(String serviceUrl, String topic, String subscription, SubscriptionType type,
            SubscriptionInitialPosition initialPosition, long maxMessages, PrintStream out)
            throws RunnelClientException {
        try (RunnelClient client = RunnelClient.builder().serviceUrl(serviceUrl).build();
             Consumer<String> consumer = client.newConsumer(Schema.STRING).topic(topic).subscriptionName(subscription)
                     .subscriptionType(type).subscriptionInitialPosition(initialPosition).subscribe()) {
            for (long n = 0; maxMessages < 0 || n < maxMessages; n++) {
                Message<String> msg = consumer.receive();
                out.printf("Received message '%s' id='%s'%n", msg.getValue(), msg.getMessageId());
                consumer.acknowledge(msg);
            }
        }
    }
}

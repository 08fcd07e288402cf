package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.runnel.client.MessageId;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionType;
import io.runnel.examples.client.ConsumerExample;
import io.runnel.examples.client.ProducerExample;
import io.runnel.examples.client.ReaderExample;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client examples (the Pulsar tutorial's three scripts in Java) against an in-process broker. */
class RunnelClientExamplesTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = GroupTestSupport.groupBroker();

    @Test
    void producerConsumerAndReaderExamplesSeeTheTenMessages() throws Exception {
        String url = "runnel://" + BROKER.bootstrapServers();
        GroupTestSupport.createTopic(BROKER, "my-topic", 1);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("hello-pulsar-" + i);
        }

        List<String> sent = lines(out -> ProducerExample.run(url, "my-topic", 10, out));
        assertThat(sent).hasSize(10).allMatch(l -> l.startsWith("Sent message 'hello-pulsar-"));
        assertThat(sent.get(9)).isEqualTo("Sent message 'hello-pulsar-9' id='my-topic:0:9'");

        List<String> consumed = lines(out -> ConsumerExample.run(url, "my-topic", "my-subscription",
                SubscriptionType.Exclusive, SubscriptionInitialPosition.Earliest, 10, out));
        List<String> read = lines(out -> ReaderExample.run(url, "my-topic", MessageId.earliest, 10, out));
        for (List<String> output : List.of(consumed, read)) {
            assertThat(output).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(output.get(i)).isEqualTo("Received message '" + expected.get(i) + "' id='my-topic:0:" + i
                        + "'");
            }
        }
    }

    interface Body {
        void run(PrintStream out) throws Exception;
    }

    private static List<String> lines(Body body) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            body.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}

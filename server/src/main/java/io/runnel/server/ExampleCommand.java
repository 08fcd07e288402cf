package io.runnel.server;

import io.runnel.client.MessageId;
import io.runnel.client.RunnelClientException;
import io.runnel.client.SubscriptionInitialPosition;
import io.runnel.client.SubscriptionType;
import io.runnel.examples.client.ConsumerExample;
import io.runnel.examples.client.ProducerExample;
import io.runnel.examples.client.ReaderExample;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code runnel example producer|consumer|reader}: the Runnel client examples (the Pulsar tutorial's Producer.py,
 * Consumer.py and Consumer_reader_interface.py in Java) against a running broker. Exit codes: 0 ok, 1 failure,
 * 2 bad usage or configuration.
 */
@Command(name = "example", description = "Run the Runnel client examples (Pulsar-style producer, consumer, reader).",
        mixinStandardHelpOptions = true,
        subcommands = {ExampleCommand.ProducerCmd.class, ExampleCommand.ConsumerCmd.class,
            ExampleCommand.ReaderCmd.class})
final class ExampleCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    /** Options every example takes. */
    static class Common {
        @Option(names = "--service-url", defaultValue = "runnel://localhost:9092",
                description = "runnel://host:port[,host:port...] (default ${DEFAULT-VALUE}).")
        String serviceUrl;

        @Option(names = "--topic", defaultValue = "my-topic", description = "Topic (default ${DEFAULT-VALUE}).")
        String topic;

        /** Runs {@code body}, turning client errors into a one-line message and an exit code. */
        static int exitCode(String name, ExampleBody body) {
            try {
                body.run();
                return 0;
            } catch (RunnelClientException.InvalidConfigurationException e) {
                System.err.println("runnel example " + name + ": " + e.getMessage());
                return 2;
            } catch (RunnelClientException e) {
                System.err.println("runnel example " + name + ": " + e.getMessage());
                return 1;
            }
        }
    }

    interface ExampleBody {
        void run() throws RunnelClientException;
    }

    @Command(name = "producer", description = "Send hello-pulsar-0..N-1 (Producer.py).", mixinStandardHelpOptions = true)
    static final class ProducerCmd extends Common implements Callable<Integer> {
        @Option(names = "--count", defaultValue = "10", description = "Messages to send (default ${DEFAULT-VALUE}).")
        int count;

        @Override
        public Integer call() {
            return exitCode("producer", () -> ProducerExample.run(serviceUrl, topic, count, System.out));
        }
    }

    @Command(name = "consumer", description = "Receive, print and acknowledge in a loop (Consumer.py).",
            mixinStandardHelpOptions = true)
    static final class ConsumerCmd extends Common implements Callable<Integer> {
        @Option(names = "--subscription", defaultValue = "my-subscription",
                description = "Subscription name (default ${DEFAULT-VALUE}).")
        String subscription;

        @Option(names = "--subscription-type", defaultValue = "Exclusive",
                description = "Exclusive, Failover, Shared or KeyShared (default ${DEFAULT-VALUE}).")
        SubscriptionType type;

        @Option(names = "--initial-position", defaultValue = "Latest",
                description = "Where a new subscription starts: Latest or Earliest (default ${DEFAULT-VALUE}).")
        SubscriptionInitialPosition initialPosition;

        @Option(names = "--max-messages", defaultValue = "-1",
                description = "Stop after this many messages (default: run until interrupted).")
        long maxMessages;

        @Override
        public Integer call() {
            return exitCode("consumer", () -> ConsumerExample.run(serviceUrl, topic, subscription, type,
                    initialPosition, maxMessages, System.out));
        }
    }

    @Command(name = "reader", description = "Read from a message id and print (Consumer_reader_interface.py).",
            mixinStandardHelpOptions = true)
    static final class ReaderCmd extends Common implements Callable<Integer> {
        @Option(names = "--start", defaultValue = "earliest",
                description = "earliest, latest or topic:partition:offset (default ${DEFAULT-VALUE}).")
        String start;

        @Option(names = "--max-messages", defaultValue = "-1",
                description = "Stop after this many messages (default: run until interrupted).")
        long maxMessages;

        @Override
        public Integer call() {
            return exitCode("reader", () -> {
                MessageId startId;
                try {
                    startId = MessageId.fromString(start);
                } catch (IllegalArgumentException e) {
                    throw new RunnelClientException.InvalidConfigurationException("--start: " + e.getMessage());
                }
                ReaderExample.run(serviceUrl, topic, startId, maxMessages, System.out);
            });
        }
    }
}

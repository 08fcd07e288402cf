package io.runnel.nexmark.queries;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import io.runnel.nexmark.NexmarkTopics;
import io.runnel.nexmark.model.Auction;
import io.runnel.nexmark.model.Bid;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.PipelineFactory;
import io.runnel.streams.Source;
import io.runnel.streams.Stream;
import io.runnel.streams.serde.Serde;
import io.runnel.streams.serde.Serdes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Nexmark query as a pipeline: reads the {@code nexmark-*} topics (event time = the record timestamp = the
 * event's dateTime) and writes JSON results to {@code nexmark-qN}. Subclasses add their own parameters and build the
 * query's operators.
 */
public abstract class NexmarkQuery implements PipelineFactory {
    public static final ConfigKey<Long> OUT_OF_ORDERNESS_MS = ConfigKey.of("out.of.orderness.ms", ConfigType.LONG,
            1_000L, Validator.atLeast(0L), "Watermark bound of each input partition: events up to this much out of "
                    + "order are on time (the generator writes each partition in event-time order).");

    public static final ConfigKey<String> INPUT_PREFIX = ConfigKey.of("input.topic.prefix", ConfigType.STRING,
            NexmarkTopics.DEFAULT_PREFIX, Validator.nonEmpty(), "Input topics: <prefix>person, <prefix>auction, "
                    + "<prefix>bid.");

    private final String name;
    private final String description;
    private final ConfigKey<String> applicationId;
    private final ConfigKey<String> outputTopic;

    protected NexmarkQuery(String name, String description) {
        this.name = name;
        this.description = description;
        this.applicationId = ConfigKey.of("application.id", ConfigType.STRING, "nexmark-" + name,
                Validator.nonEmpty(), "Consumer group and internal-topic prefix.");
        this.outputTopic = ConfigKey.of("output.topic", ConfigType.STRING, NexmarkTopics.output(name),
                Validator.nonEmpty(), "Topic of the JSON results.");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final ConfigDef parameters() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(applicationId, outputTopic, OUT_OF_ORDERNESS_MS, INPUT_PREFIX));
        keys.addAll(extraParameters());
        return ConfigDef.of(name, keys);
    }

    /** The query's own parameters (none by default). */
    protected List<ConfigKey<?>> extraParameters() {
        return List.of();
    }

    @Override
    public final Pipeline build(Config parameters) {
        PipelineBuilder b = new PipelineBuilder(parameters.get(applicationId));
        build(new Inputs(b, parameters), parameters, parameters.get(outputTopic));
        return b.build();
    }

    protected abstract void build(Inputs in, Config parameters, String output);

    /** The input streams, created on first use so a query reads only the topics it needs. */
    protected static final class Inputs {
        private final PipelineBuilder builder;
        private final Duration outOfOrderness;
        private final String prefix;
        private Stream<String, Auction> auctions;
        private Stream<String, Bid> bids;

        Inputs(PipelineBuilder builder, Config parameters) {
            this.builder = builder;
            this.outOfOrderness = Duration.ofMillis(parameters.get(OUT_OF_ORDERNESS_MS));
            this.prefix = parameters.get(INPUT_PREFIX);
        }

        public Stream<String, Auction> auctions() {
            if (auctions == null) {
                auctions = builder.stream(Source.of(prefix + "auction", Serdes.string(),
                        NexmarkTopics.AUCTION_SERDE).outOfOrderness(outOfOrderness));
            }
            return auctions;
        }

        /** Persons read through a projection (see {@link io.runnel.nexmark.NexmarkProjections}). */
        public <T> Stream<String, T> persons(Serde<T> projection) {
            return projected("person", projection);
        }

        /** Auctions read through a projection. */
        public <T> Stream<String, T> auctions(Serde<T> projection) {
            return projected("auction", projection);
        }

        /** Bids read through a projection. */
        public <T> Stream<String, T> bids(Serde<T> projection) {
            return projected("bid", projection);
        }

        private <T> Stream<String, T> projected(String event, Serde<T> projection) {
            return builder.stream(Source.of(prefix + event, Serdes.string(), projection)
                    .outOfOrderness(outOfOrderness));
        }

        public Stream<String, Bid> bids() {
            if (bids == null) {
                bids = builder.stream(Source.of(prefix + "bid", Serdes.string(), NexmarkTopics.BID_SERDE)
                        .outOfOrderness(outOfOrderness));
            }
            return bids;
        }
    }
}

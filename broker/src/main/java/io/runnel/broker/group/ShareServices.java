package io.runnel.broker.group;

import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * What share groups need from outside a coordinator shard: the broker's share config, the wake-up of parked
 * ShareFetches when records become available again, and the dead-letter writer. Immutable.
 *
 * @param onAvailable told (group, partition) when records became available again; must not block
 * @param delayRoot   directory of the share delay indexes ({@link ShareDelayIndex}); null: delivery-time headers
 *                    are ignored
 */
public record ShareServices(ShareGroupConfig config, BiConsumer<String, TopicPartition> onAvailable,
                            ShareDeadLetters deadLetters, Path delayRoot) {

    /** Defaults with no wake-ups, no dead-lettering, no delayed delivery (tests of the shard alone). */
    public static ShareServices standalone() {
        return new ShareServices(ShareGroupConfig.defaults(), (g, tp) -> { }, ShareDeadLetters.none(), null);
    }
}

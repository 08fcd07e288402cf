package io.runnel.storage;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class LogDirFormatProperties {
    @Property
    void partitionDirNamesRoundTripAndAreSafe(@ForAll @StringLength(min = 1, max = 60) String anyText,
                                              @ForAll @StringLength(min = 1, max = 249)
                                              @Chars({'a', 'Z', '0', '9', '.', '_', '-', '/', '%'}) String kafkaName,
                                              @ForAll @IntRange(min = 0, max = 99_999) int partition) {
        for (String topic : new String[] {anyText, kafkaName.replace("/", "").isEmpty() ? "x" : kafkaName
                .replace("/", "")}) {
            String name;
            try {
                name = LogDirFormat.partitionDirName(topic, partition);
            } catch (IllegalArgumentException tooLong) {
                assertThat(tooLong).hasMessageContaining("too long");
                continue;
            }
            assertThat(name).doesNotContain("/").doesNotContain("\\").isNotIn(".", "..");
            assertThat(name).matches("[A-Za-z0-9._%-]+").hasSizeLessThanOrEqualTo(255);
            assertThat(LogDirFormat.parsePartitionDirName(name))
                    .contains(new LogDirFormat.TopicPartitionName(topic, partition));
            assertThat(LogDirFormat.isDeletedPartitionDir(name)).isFalse();
            String deleted = LogDirFormat.deletedPartitionDirName(name, Long.MAX_VALUE);
            assertThat(deleted).hasSizeLessThanOrEqualTo(255);
            assertThat(LogDirFormat.isDeletedPartitionDir(deleted)).isTrue();
        }
        // every legal Kafka topic name (<= 249 chars of [a-zA-Z0-9._-]) fits with a partition below 100,000
        // (249 + "-99999" = 255 bytes, the file-name limit; Kafka has the same bound)
        String legal = kafkaName.replace("/", "_").replace("%", "_");
        assertThat(LogDirFormat.parsePartitionDirName(LogDirFormat.partitionDirName(legal, partition)))
                .contains(new LogDirFormat.TopicPartitionName(legal, partition));
    }

    @Property
    void tenantNamesAreEncoded() {
        assertThat(LogDirFormat.partitionDirName("acme/default/orders", 3)).isEqualTo("acme%2Fdefault%2Forders-3");
    }
}

package io.runnel.broker.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdManagerTest {
    @TempDir
    Path dir;

    @Test
    void shouldNeverRepeatIdsAcrossRestarts() throws IOException {
        Set<Long> seen = new HashSet<>();
        for (int restart = 0; restart < 4; restart++) {
            ProducerIdManager ids = ProducerIdManager.open(dir, 10);
            for (int i = 0; i < 7 + restart * 5; i++) {
                assertThat(seen.add(ids.nextProducerId())).isTrue();
            }
        }
        assertThat(seen).hasSize(7 + 12 + 17 + 22);
    }

    @Test
    void shouldStartAfterReservedBlockAfterCrash() throws IOException {
        ProducerIdManager first = ProducerIdManager.open(dir, 100);
        assertThat(first.nextProducerId()).isZero();
        assertThat(first.nextProducerId()).isEqualTo(1);
        // "crash": no close; a new instance resumes past the whole reserved block
        assertThat(ProducerIdManager.open(dir, 100).nextProducerId()).isEqualTo(100);
    }

    @Test
    void shouldRefuseCorruptFile() throws IOException {
        ProducerIdManager.open(dir, 10).nextProducerId();
        Path file = dir.resolve(ProducerIdManager.FILE_NAME);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ProducerIdManager.open(dir, 10)).isInstanceOf(IOException.class);
    }
}

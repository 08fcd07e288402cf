package io.runnel.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkDocTest {

    @Test
    void shouldCreateTheDocWhenMissing() {
        assertThat(BenchmarkDoc.splice(null, "table")).isEqualTo("# Benchmarks\n\n" + BenchmarkDoc.BEGIN + "\ntable\n" + BenchmarkDoc.END + "\n");
    }

    @Test
    void shouldAppendTheSectionToAHandWrittenDoc() {
        String doc = BenchmarkDoc.splice("# Benchmarks\n\nStorage JMH figures.\n", "table");
        assertThat(doc).startsWith("# Benchmarks\n\nStorage JMH figures.\n\n" + BenchmarkDoc.BEGIN).endsWith(BenchmarkDoc.END + "\n");
    }

    @Test
    void shouldReplaceOnlyTheGeneratedSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("docs/benchmarks.md");
        BenchmarkDoc.write(file, "old");
        Files.writeString(file, "intro\n" + Files.readString(file) + "notes after\n");
        BenchmarkDoc.write(file, "new");
        String doc = Files.readString(file);
        assertThat(doc).contains("intro\n").contains("\nnew\n").endsWith(BenchmarkDoc.END + "\nnotes after\n").doesNotContain("old");
    }
}

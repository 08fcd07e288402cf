package io.runnel.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/** Base of jqwik property classes that need a fresh directory per try (JUnit's @TempDir is per test method). */
abstract class TempDirProperties {
    protected Path dir;

    @BeforeTry
    void createDir() throws IOException {
        dir = Files.createTempDirectory(getClass().getSimpleName());
    }

    @AfterTry
    void deleteDir() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

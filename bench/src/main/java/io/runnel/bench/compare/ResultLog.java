package io.runnel.bench.compare;

import io.runnel.bench.load.BenchException;
import io.runnel.bench.load.FlatJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The raw results of a comparison, one flat JSON object per line (a measured step, or a node's start time and
 * RSS), appended as they are measured so an interrupted run keeps what it had. The report is computed from
 * this file, so the doc and the chart can be regenerated without measuring again. Owned by the harness thread.
 */
final class ResultLog {

    private final Path file;

    ResultLog(Path file) {
        this.file = file;
    }

    /** Starts an empty log, replacing an older one. */
    static ResultLog create(Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new ResultLog(file);
    }

    void append(Map<String, ?> row) {
        try {
            Files.writeString(file, FlatJson.write(row) + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BenchException("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }

    static List<Map<String, Object>> read(Path file) {
        try {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    rows.add(FlatJson.parse(line));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new BenchException("cannot read results " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }
}

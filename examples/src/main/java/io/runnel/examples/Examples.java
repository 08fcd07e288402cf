package io.runnel.examples;

import io.runnel.streams.PipelineFactory;
import java.util.List;
import java.util.Optional;

/** The example pipelines, by name. */
public final class Examples {
    private Examples() {
    }

    public static List<PipelineFactory> all() {
        return List.of(new SensorAverages(), new ClickSessions(), new CsvEtl());
    }

    public static Optional<PipelineFactory> byName(String name) {
        return all().stream().filter(f -> f.name().equals(name)).findFirst();
    }
}

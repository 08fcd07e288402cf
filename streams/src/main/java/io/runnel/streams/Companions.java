package io.runnel.streams;

import io.runnel.common.config.Config;
import java.util.List;

/**
 * Implemented by a {@link PipelineFactory} whose pipeline needs helpers beside the worker (a file loader, a database
 * sink); {@code ./runnel pipeline run} starts them before the worker (a loader may create the input topic) and
 * closes them before the worker.
 */
public interface Companions {
    List<AutoCloseable> start(Config parameters, String bootstrapServers);
}

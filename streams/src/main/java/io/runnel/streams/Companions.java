package io.runnel.streams;

import io.runnel.common.config.Config;
import java.util.List;

/**
 * Implemented by a {@link PipelineFactory} whose pipeline needs helpers beside the worker (a file loader, a database
 * sink); {@code ./runnel pipeline run} starts them after the worker and closes them before it.
 */
public interface Companions {
    List<AutoCloseable> start(Config parameters, String bootstrapServers);
}

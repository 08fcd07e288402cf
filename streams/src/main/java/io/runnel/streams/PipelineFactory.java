package io.runnel.streams;

import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import java.util.List;

/**
 * A pipeline that {@code ./runnel pipeline run} can start by name or class name: it declares its parameters (set
 * with {@code --set key=value}) and builds the pipeline from them. Implementations need a public no-argument
 * constructor.
 */
public interface PipelineFactory {
    /** The short name used on the command line. */
    String name();

    String description();

    /** Parameters of this pipeline; empty by default. */
    default ConfigDef parameters() {
        return ConfigDef.of(name(), List.of());
    }

    Pipeline build(Config parameters);
}

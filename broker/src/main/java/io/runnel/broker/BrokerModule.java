package io.runnel.broker;

import io.runnel.common.config.ConfigKey;
import java.util.List;

/**
 * One area of the broker (admin and metadata APIs, partitions, groups, ...): contributes its configuration keys
 * and, at start, registers its API handlers and metadata listeners through the {@link BrokerContext}. Modules are
 * listed in {@link BrokerModules}; they start in that order and close in reverse.
 *
 * <p>Thread: {@link #start} and {@link #close} are called by the broker's lifecycle thread; what a module does
 * afterwards is its own business (documented on its classes).
 */
public interface BrokerModule extends AutoCloseable {

    /** Short name for logs. */
    String name();

    /** Keys this module reads from the broker config; declared once, in the module. */
    default List<ConfigKey<?>> configKeys() {
        return List.of();
    }

    /**
     * Registers handlers ({@link BrokerContext#handlers()}) and listeners ({@link BrokerContext#metadata()}).
     * Runs before the metadata log is replayed and before the listeners bind.
     */
    void start(BrokerContext ctx) throws Exception;

    /**
     * Called after the network stopped and in-flight requests finished, before the metadata and the storage
     * close. Flush and release what the module owns.
     */
    @Override
    default void close() throws Exception {
    }
}

package io.runnel.broker.api;

import io.runnel.common.Verify;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * The handlers of this broker, one per API key, and the version table built from them that ApiVersions
 * advertises. Each area (admin, partitions, groups) registers its handlers while the broker starts; after
 * {@link #freeze()} the registry is read-only and safe for any thread (published by the start sequence before
 * the listener binds).
 */
public final class ApiHandlerRegistry {
    private final Map<ApiKeys, ApiHandler> handlers = new EnumMap<>(ApiKeys.class);
    private volatile boolean frozen;

    /** Adds a handler; a second handler for the same key, or versions the codec does not know, is a bug. */
    public ApiHandlerRegistry register(ApiHandler handler) {
        Verify.that(!frozen, "handler registry is frozen; register %s while the broker starts", handler.apiKey());
        ApiKeys key = handler.apiKey();
        Verify.that(handler.minVersion() >= key.oldestVersion() && handler.maxVersion() <= key.latestVersion(true)
                && handler.minVersion() <= handler.maxVersion(),
                "%s versions %s-%s outside what the codec supports (%s-%s)", key, handler.minVersion(),
                handler.maxVersion(), key.oldestVersion(), key.latestVersion(true));
        ApiHandler previous = handlers.putIfAbsent(key, handler);
        Verify.that(previous == null, "two handlers for %s: %s and %s", key, previous, handler);
        return this;
    }

    public void freeze() {
        frozen = true;
    }

    /** The handler for {@code key}, or null when this broker does not serve that API. */
    public ApiHandler handler(ApiKeys key) {
        return handlers.get(key);
    }

    /** True when {@code key} is served and {@code version} is within its advertised range. */
    public boolean supports(ApiKeys key, short version) {
        ApiHandler handler = handlers.get(key);
        return handler != null && version >= handler.minVersion() && version <= handler.maxVersion();
    }

    public Collection<ApiHandler> handlers() {
        return List.copyOf(handlers.values());
    }

    /** The advertised table, ordered by API key: what ApiVersions answers. A fresh copy per call. */
    public ApiVersionCollection versionTable() {
        List<ApiVersion> versions = new ArrayList<>(handlers.size());
        for (ApiHandler handler : handlers.values()) {
            versions.add(new ApiVersion().setApiKey(handler.apiKey().id)
                    .setMinVersion(handler.minVersion()).setMaxVersion(handler.maxVersion()));
        }
        return new ApiVersionCollection(versions.iterator());
    }
}

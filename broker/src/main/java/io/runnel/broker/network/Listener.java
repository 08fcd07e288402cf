package io.runnel.broker.network;

import io.runnel.common.config.ConfigException;
import java.util.Locale;

/**
 * One endpoint from {@code listeners} / {@code advertised.listeners}: {@code NAME://host:port}. Only PLAINTEXT
 * exists today (SASL and TLS plug in with the security layer). An empty host binds every interface. Immutable.
 */
public record Listener(String name, String host, int port) {

    public static Listener parse(String key, String text) {
        int scheme = text.indexOf("://");
        int colon = text.lastIndexOf(':');
        if (scheme <= 0 || colon <= scheme + 2) {
            throw ConfigException.invalid(key, text, "must be NAME://host:port, e.g. PLAINTEXT://127.0.0.1:9092");
        }
        String name = text.substring(0, scheme).toUpperCase(Locale.ROOT);
        if (!name.equals("PLAINTEXT")) {
            throw ConfigException.invalid(key, text, "must use the PLAINTEXT listener (the only protocol so far)");
        }
        String host = text.substring(scheme + 3, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw ConfigException.invalid(key, text, "must have a port in [0, 65535]");
        }
        return new Listener(name, host, port);
    }

    @Override
    public String toString() {
        return name + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

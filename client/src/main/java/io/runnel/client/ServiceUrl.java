package io.runnel.client;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed {@code runnel://host[:port][,host[:port]...]} service URL. The hosts are bootstrap brokers of a Kafka
 * protocol cluster (Runnel or any other); the port defaults to {@value #DEFAULT_PORT}. Immutable.
 */
public final class ServiceUrl {
    public static final String SCHEME = "runnel://";
    public static final int DEFAULT_PORT = 9092;

    private final List<String> hostPorts;

    private ServiceUrl(List<String> hostPorts) {
        this.hostPorts = List.copyOf(hostPorts);
    }

    /**
     * Parses a service URL.
     *
     * @throws RunnelClientException.InvalidConfigurationException naming what is wrong
     */
    public static ServiceUrl parse(String url) throws RunnelClientException.InvalidConfigurationException {
        if (url == null || url.isBlank()) {
            throw invalid(url, "it is empty; expected runnel://host:port[,host:port...]");
        }
        String trimmed = url.trim();
        if (!trimmed.startsWith(SCHEME)) {
            int schemeEnd = trimmed.indexOf("://");
            throw invalid(url, schemeEnd < 0 ? "it has no scheme; expected runnel://host:port"
                    : "scheme '" + trimmed.substring(0, schemeEnd) + "' is not supported; use runnel://");
        }
        String authority = trimmed.substring(SCHEME.length());
        if (authority.endsWith("/")) {
            authority = authority.substring(0, authority.length() - 1);
        }
        if (authority.contains("/") || authority.contains("?") || authority.contains("#")) {
            throw invalid(url, "a path, query or fragment is not allowed");
        }
        if (authority.isEmpty()) {
            throw invalid(url, "no host given");
        }
        List<String> hostPorts = new ArrayList<>();
        for (String part : authority.split(",", -1)) {
            hostPorts.add(parseHostPort(url, part.trim()));
        }
        return new ServiceUrl(hostPorts);
    }

    private static String parseHostPort(String url, String part) throws RunnelClientException.InvalidConfigurationException {
        if (part.isEmpty()) {
            throw invalid(url, "an empty host in the host list");
        }
        String host;
        String portText = null;
        if (part.startsWith("[")) { // IPv6 literal: [::1]:9092
            int close = part.indexOf(']');
            if (close < 0) {
                throw invalid(url, "unclosed '[' in '" + part + "'");
            }
            host = part.substring(0, close + 1);
            String rest = part.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(url, "unexpected '" + rest + "' after '" + host + "'");
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = part.indexOf(':');
            if (colon >= 0 && part.indexOf(':', colon + 1) >= 0) {
                throw invalid(url, "'" + part + "' has several ':' (write IPv6 addresses as [addr]:port)");
            }
            host = colon < 0 ? part : part.substring(0, colon);
            portText = colon < 0 ? null : part.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(url, "no host in '" + part + "'");
        }
        if (!host.startsWith("[") && !host.matches("[A-Za-z0-9._-]+")) {
            throw invalid(url, "'" + host + "' is not a valid host name");
        }
        int port = DEFAULT_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw invalid(url, "port '" + portText + "' of '" + part + "' is not a number");
            }
            if (port < 1 || port > 65535) {
                throw invalid(url, "port " + port + " of '" + part + "' is outside 1..65535");
            }
        }
        return host + ":" + port;
    }

    private static RunnelClientException.InvalidConfigurationException invalid(String url, String why) {
        return new RunnelClientException.InvalidConfigurationException("invalid service URL '" + url + "': " + why);
    }

    /** The brokers as {@code host:port} strings, in the order given. */
    public List<String> hostPorts() {
        return hostPorts;
    }

    /** The Kafka {@code bootstrap.servers} value. */
    public String bootstrapServers() {
        return String.join(",", hostPorts);
    }

    @Override
    public String toString() {
        return SCHEME + bootstrapServers();
    }
}

package io.runnel.broker.metadata;

import io.runnel.broker.network.Listener;
import java.util.List;

/** A broker as registered in the metadata log: id, advertised endpoints, rack (may be null). Immutable. */
public record BrokerRegistration(int brokerId, List<Listener> endpoints, String rack) {
    public BrokerRegistration {
        endpoints = List.copyOf(endpoints);
    }
}

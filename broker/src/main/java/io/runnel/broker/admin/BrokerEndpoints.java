package io.runnel.broker.admin;

import io.runnel.broker.metadata.BrokerRegistration;
import io.runnel.broker.metadata.MetadataImage;
import io.runnel.broker.network.Listener;
import java.util.ArrayList;
import java.util.List;

/** Brokers as a client on one listener sees them: each broker's endpoint of that listener name. Stateless. */
final class BrokerEndpoints {
    /** A broker and its endpoint on the client's listener. */
    record Endpoint(int brokerId, String host, int port, String rack) {
    }

    private BrokerEndpoints() {
    }

    static List<Endpoint> forListener(MetadataImage image, String listenerName) {
        List<Endpoint> out = new ArrayList<>(image.brokers().size());
        for (BrokerRegistration broker : image.brokers().values()) {
            for (Listener l : broker.endpoints()) {
                if (l.name().equals(listenerName)) {
                    out.add(new Endpoint(broker.brokerId(), l.host(), l.port(), broker.rack()));
                    break;
                }
            }
        }
        return out;
    }
}

package io.runnel.broker.testing;

import io.runnel.broker.BrokerModule;
import io.runnel.broker.BrokerModules;
import io.runnel.broker.BrokerServer;
import io.runnel.broker.config.BrokerConfig;
import io.runnel.common.Time;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts in-process brokers on a free loopback port over a temp directory. */
public final class TestBrokers {
    private TestBrokers() {
    }

    public static Map<String, String> baseConfig(Path dir) {
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "PLAINTEXT://127.0.0.1:0");
        config.put("log.dirs", dir.toString());
        config.put("num.network.threads", "1");
        config.put("num.io.threads", "2");
        return config;
    }

    public static BrokerServer start(Path dir, Map<String, String> overrides) throws Exception {
        return start(dir, overrides, BrokerModules.all());
    }

    public static BrokerServer start(Path dir, Map<String, String> overrides, List<BrokerModule> modules)
            throws Exception {
        Map<String, String> config = baseConfig(dir);
        config.putAll(overrides);
        BrokerServer server = new BrokerServer(BrokerConfig.parse(config), Time.SYSTEM, modules);
        server.start();
        return server;
    }
}

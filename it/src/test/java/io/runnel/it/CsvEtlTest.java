package io.runnel.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.runnel.common.config.Config;
import io.runnel.examples.CsvEtl;
import io.runnel.streams.runtime.StreamsConfig;
import io.runnel.streams.runtime.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The csv-etl example end to end: CSV file -> etl-raw -> etl-clean -> H2 table, and again after a restart. */
class CsvEtlTest {
    @RegisterExtension
    static final RunnelBrokerExtension BROKER = new RunnelBrokerExtension();

    @TempDir
    Path dir;

    private static long rows(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(AMOUNT) FROM CUSTOMERS")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void shouldLoadCleanAndUpsertRowsRestartSafely() throws Exception {
        List<String> lines = new ArrayList<>(List.of("id,name,amount,country"));
        for (int i = 1; i <= 200; i++) {
            lines.add(i + ", name" + i + " ," + (i * 1.005) + "," + (i % 10 == 0 ? "bad" : "gb"));
        }
        Path csv = Files.write(dir.resolve("customers.csv"), lines);
        String url = "jdbc:h2:" + dir.resolve("etl").toAbsolutePath();
        CsvEtl etl = new CsvEtl();
        Map<String, String> worker = Map.of(StreamsConfig.BOOTSTRAP_SERVERS.name(), BROKER.bootstrapServers(),
                StreamsConfig.STATE_DIR.name(), dir.resolve("state").toString(),
                StreamsConfig.COMMIT_INTERVAL_MS.name(), "200");
        for (int run = 0; run < 2; run++) { // the second run loads the same file again: upserts keep 180 rows
            Config params = etl.parameters().parse(Map.of("csv.file", csv.toString(), "jdbc.url", url));
            List<AutoCloseable> companions = etl.start(params, BROKER.bootstrapServers()); // loads etl-raw
            try (Worker w = new Worker(etl.build(params), worker)) {
                w.start();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> rows(url) == 180);
                } finally {
                    for (AutoCloseable c : companions) {
                        c.close();
                    }
                }
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT NAME, AMOUNT, COUNTRY FROM CUSTOMERS WHERE ID = 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("name7");
            assertThat(rs.getDouble(2)).isEqualTo(Math.round(7 * 1.005 * 100) / 100.0);
            assertThat(rs.getString(3)).isEqualTo("GB");
        }
        assertThat(rows(url)).isEqualTo(180);
    }
}

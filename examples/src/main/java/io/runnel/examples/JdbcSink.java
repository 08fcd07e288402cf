package io.runnel.examples;

import com.fasterxml.jackson.databind.JsonNode;
import io.runnel.streams.serde.Serdes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upserts JSON rows {@code {id,name,amount,country}} from a topic into table CUSTOMERS. Each poll's rows go in one
 * database transaction (MERGE by id, so a replay after a crash rewrites the same rows), and the consumer offsets are
 * committed only after the database commit: restart-safe with at-least-once input. Runs on its own thread; the
 * connection and consumer are confined to it.
 */
public final class JdbcSink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JdbcSink.class);

    private final String bootstrapServers;
    private final String topic;
    private final String jdbcUrl;
    private final String groupId;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile long rowsWritten;

    public JdbcSink(String bootstrapServers, String topic, String jdbcUrl, String groupId) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.jdbcUrl = jdbcUrl;
        this.groupId = groupId;
        this.thread = new Thread(this::run, "jdbc-sink-" + topic);
    }

    /** Creates the table (so it exists once this returns), then starts the sink thread. */
    public void start() {
        try (Connection db = DriverManager.getConnection(jdbcUrl)) {
            createTable(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create table CUSTOMERS at " + jdbcUrl, e);
        }
        thread.start();
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS CUSTOMERS (ID BIGINT PRIMARY KEY, NAME VARCHAR(200), "
                    + "AMOUNT DOUBLE, COUNTRY CHAR(2))");
        }
    }

    private void run() {
        Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, groupId, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (Connection db = DriverManager.getConnection(jdbcUrl);
             KafkaConsumer<byte[], byte[]> kc = new KafkaConsumer<>(c)) {
            consumer = kc;
            createTable(db);
            db.setAutoCommit(false);
            kc.subscribe(List.of(topic));
            try (PreparedStatement upsert = db.prepareStatement(
                    "MERGE INTO CUSTOMERS (ID, NAME, AMOUNT, COUNTRY) KEY (ID) VALUES (?, ?, ?, ?)")) {
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = kc.poll(Duration.ofMillis(200));
                    if (records.isEmpty()) {
                        continue;
                    }
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        JsonNode row = Serdes.jsonTree().deserialize(r.value());
                        upsert.setLong(1, row.get("id").asLong());
                        upsert.setString(2, row.get("name").asText());
                        upsert.setDouble(3, row.get("amount").asDouble());
                        upsert.setString(4, row.get("country").asText());
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                    db.commit();
                    kc.commitSync();
                    rowsWritten += records.count();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("JDBC sink woken up while running", e);
            }
        } catch (SQLException e) {
            log.error("JDBC sink for {} stopped: database error", topic, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<byte[], byte[]> kc = consumer;
        if (kc != null) {
            kc.wakeup();
        }
        thread.join(30_000);
    }
}

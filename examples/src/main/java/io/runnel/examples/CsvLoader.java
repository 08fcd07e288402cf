package io.runnel.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Loads a CSV file (first line: header) into a topic, one record per line keyed by the first column. */
public final class CsvLoader {
    private CsvLoader() {
    }

    /** Returns the number of lines written. */
    public static long load(Path file, String topic, String bootstrapServers) {
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        long n = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
             BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String key = line.split(",", 2)[0].trim();
                producer.send(new ProducerRecord<>(topic, key, line));
                n++;
            }
            producer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return n;
    }
}

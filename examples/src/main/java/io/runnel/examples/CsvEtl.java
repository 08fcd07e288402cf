package io.runnel.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.runnel.common.config.Config;
import io.runnel.common.config.ConfigDef;
import io.runnel.common.config.ConfigKey;
import io.runnel.common.config.ConfigType;
import io.runnel.common.config.Validator;
import io.runnel.streams.Companions;
import io.runnel.streams.KeyValue;
import io.runnel.streams.Pipeline;
import io.runnel.streams.PipelineBuilder;
import io.runnel.streams.PipelineFactory;
import io.runnel.streams.Stream;
import io.runnel.streams.serde.Serdes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ETL: a CSV file ({@code id,name,amount,country} with a header line) is loaded into {@code etl-raw} keyed by id;
 * the pipeline trims and validates each line, normalises the country code and writes JSON to {@code etl-clean}
 * (invalid lines to {@code etl-rejected}); a JDBC sink upserts {@code etl-clean} into table {@code CUSTOMERS} of an H2
 * database. Restart-safe: the loader and the pipeline are at-least-once and the sink's upsert by id is idempotent,
 * committing its offsets only after the database transaction.
 */
public final class CsvEtl implements PipelineFactory, Companions {
    public static final ConfigKey<String> CSV_FILE = ConfigKey.of("csv.file", ConfigType.STRING, "",
            Validator.any(), "CSV file to load into etl-raw at start (empty: load nothing).");
    public static final ConfigKey<String> JDBC_URL = ConfigKey.of("jdbc.url", ConfigType.STRING,
            "jdbc:h2:./data/etl", Validator.nonEmpty(), "Database the cleaned rows are upserted into.");

    static final String RAW = "etl-raw";
    static final String CLEAN = "etl-clean";
    static final String REJECTED = "etl-rejected";

    @Override
    public String name() {
        return "csv-etl";
    }

    @Override
    public String description() {
        return "CSV file -> etl-raw -> cleaned etl-clean -> JDBC table CUSTOMERS (H2), restart-safe";
    }

    @Override
    public ConfigDef parameters() {
        return ConfigDef.of(name(), List.of(CSV_FILE, JDBC_URL));
    }

    @Override
    public Pipeline build(Config parameters) {
        PipelineBuilder b = new PipelineBuilder("csv-etl");
        List<Stream<String, String>> branches = b.stream(RAW, Serdes.string(), Serdes.string())
                .mapValues(String::trim, Serdes.string())
                .split((k, line) -> clean(line) != null, (k, line) -> true);
        branches.get(0).map((k, line) -> {
            JsonNode row = clean(line);
            return KeyValue.of(row.get("id").asText(), row);
        }, Serdes.string(), Serdes.jsonTree()).to(CLEAN);
        branches.get(1).to(REJECTED);
        return b.build();
    }

    /** The cleaned row as JSON, or null when the line is invalid. */
    static JsonNode clean(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 4) {
            return null;
        }
        String id = f[0].trim();
        String name = f[1].trim();
        String country = f[3].trim().toUpperCase(Locale.ROOT);
        if (!id.matches("[0-9]+") || name.isEmpty() || !country.matches("[A-Z]{2}")) {
            return null;
        }
        double amount;
        try {
            amount = Double.parseDouble(f[2].trim());
        } catch (NumberFormatException e) {
            return null;
        }
        ObjectNode row = Serdes.mapper().createObjectNode();
        row.put("id", Long.parseLong(id));
        row.put("name", name);
        row.put("amount", Math.round(amount * 100) / 100.0);
        row.put("country", country);
        return row;
    }

    @Override
    public List<AutoCloseable> start(Config parameters, String bootstrapServers) {
        List<AutoCloseable> out = new ArrayList<>();
        String file = parameters.get(CSV_FILE);
        if (!file.isEmpty()) {
            CsvLoader.load(Path.of(file), RAW, bootstrapServers);
        }
        JdbcSink sink = new JdbcSink(bootstrapServers, CLEAN, parameters.get(JDBC_URL), "csv-etl-jdbc-sink");
        sink.start();
        out.add(sink);
        return out;
    }
}

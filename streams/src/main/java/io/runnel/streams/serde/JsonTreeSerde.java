package io.runnel.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Map;

/**
 * JSON as a Jackson tree, read and written by driving the mapper's {@link JsonParser} and {@link JsonGenerator}
 * directly instead of through {@link ObjectReader}/{@link ObjectWriter}, which create a deserialization or
 * serialization context and look up the node (de)serializer on every call: a measurable share of a small record.
 *
 * <p>Same result as the mapper with its default databind settings (the mapper is never reconfigured after
 * {@link Serdes} builds it): reading gives the tree {@code readerFor(JsonNode.class).readValue} gives (an integer
 * as {@link IntNode}, {@link LongNode} or {@link BigIntegerNode} by the smallest that holds it, a fraction as
 * {@link DoubleNode} through the factory's fast double parser, a duplicate key's last value at the key's first
 * position, JSON {@code null} as {@link NullNode}, content after the first value not read), and the same errors, as
 * {@link SerdeException}. Writing gives {@code writeValueAsBytes}'s bytes: a tree holding only the node types a parse
 * produces is walked here; any other node (binary, POJO, raw, float, decimal, custom) sends the whole tree to the
 * mapper's writer. Thread-safe: per call a parser or generator; the output buffer is per thread
 * ({@link JsonOutput}).
 */
final class JsonTreeSerde implements Serde<JsonNode> {
    /** Thrown (without a stack trace) when the walk meets a node it does not write itself. */
    private static final class NotWalkable extends IOException {
        private static final long serialVersionUID = 1L;
        static final NotWalkable INSTANCE = new NotWalkable();

        private NotWalkable() {
            super("node type written by the mapper");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final JsonFactory factory;
    private final JsonNodeFactory nodes;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    JsonTreeSerde(ObjectMapper mapper) {
        this.factory = mapper.getFactory();
        this.nodes = mapper.getNodeFactory();
        this.reader = mapper.readerFor(JsonNode.class);
        this.writer = mapper.writerFor(JsonNode.class);
    }

    @Override
    public JsonNode deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (JsonParser p = factory.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return viaReader(bytes); // no content: the reader's own error
            }
            JsonNode node = read(p, first);
            return node != null ? node : viaReader(bytes);
        } catch (IOException e) {
            throw new SerdeException("Cannot read JsonNode from JSON", e);
        }
    }

    /** The value starting at {@code token}, or null for a token the mapper maps otherwise (then the reader runs). */
    private JsonNode read(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = nodes.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    JsonNode value = read(p, p.nextToken());
                    if (value == null) {
                        return null;
                    }
                    object.replace(name, value); // a duplicate key: last value wins, first position kept
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = nodes.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    JsonNode value = read(p, t);
                    if (value == null) {
                        return null;
                    }
                    array.add(value);
                }
                return array;
            }
            case VALUE_STRING:
                return nodes.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return nodes.numberNode(p.getIntValue());
                    case LONG:
                        return nodes.numberNode(p.getLongValue());
                    default:
                        return nodes.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                // JSON text has no declared float type; a parser that declares one (decimal, float32) is the mapper's.
                return p.getNumberTypeFP() == JsonParser.NumberTypeFP.UNKNOWN
                        || p.getNumberTypeFP() == JsonParser.NumberTypeFP.DOUBLE64
                        ? nodes.numberNode(p.getDoubleValue()) : null;
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                return null;
        }
    }

    private JsonNode viaReader(byte[] bytes) throws IOException {
        return reader.readValue(bytes);
    }

    @Override
    public byte[] serialize(JsonNode value) {
        if (value == null) {
            return null;
        }
        try {
            try {
                return JsonOutput.write(factory, g -> write(g, value));
            } catch (NotWalkable e) {
                return writer.writeValueAsBytes(value);
            }
        } catch (IOException e) {
            throw new SerdeException("Cannot write JsonNode as JSON", e);
        }
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        if (node == null) {
            throw NotWalkable.INSTANCE;
        }
        Class<?> type = node.getClass();
        if (type == ObjectNode.class) {
            g.writeStartObject(node);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (type == ArrayNode.class) {
            int size = node.size();
            g.writeStartArray(node, size);
            for (int i = 0; i < size; i++) {
                write(g, node.get(i));
            }
            g.writeEndArray();
        } else if (type == TextNode.class) {
            g.writeString(node.textValue());
        } else if (type == IntNode.class) {
            g.writeNumber(node.intValue());
        } else if (type == LongNode.class) {
            g.writeNumber(node.longValue());
        } else if (type == DoubleNode.class) {
            g.writeNumber(node.doubleValue());
        } else if (type == BooleanNode.class) {
            g.writeBoolean(node.booleanValue());
        } else if (type == NullNode.class) {
            g.writeNull();
        } else if (type == BigIntegerNode.class) {
            g.writeNumber(node.bigIntegerValue());
        } else {
            throw NotWalkable.INSTANCE;
        }
    }
}

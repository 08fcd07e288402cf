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
 * JSON as a Jackson tree, with the same trees, bytes and errors as the mapper's {@link ObjectReader} and
 * {@link ObjectWriter} for {@code JsonNode}, in three tiers, each taking what it can and handing the rest down:
 * (1) the common case straight from and to bytes ({@link JsonByteReader}, {@link JsonByteWriter}: a root object or
 * array of plain ASCII text and ordinary numbers); (2) the mapper's {@link JsonParser} and {@link JsonGenerator}
 * driven directly, without the deserialization or serialization context and (de)serializer lookup the reader and
 * writer do on every call; (3) the reader and writer themselves (empty input, node types a parse does not produce).
 *
 * <p>Same result as the mapper with its default databind settings (the mapper is never reconfigured after
 * {@link Serdes} builds it): reading gives the tree {@code readerFor(JsonNode.class).readValue} gives (an integer
 * as {@link IntNode}, {@link LongNode} or {@link BigIntegerNode} by the smallest that holds it, a fraction as
 * {@link DoubleNode} correctly rounded, as the factory's fast double parser gives it, a duplicate key's last value
 * at the key's first position, JSON {@code null} as {@link NullNode}, content after the first value not read), and
 * the same errors, as {@link SerdeException}. Writing gives {@code writeValueAsBytes}'s bytes. Thread-safe: per
 * call a cursor, parser or generator; the output buffers are per thread.
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
        try {
            return readPlain(new JsonByteReader(bytes));
        } catch (JsonByteReader.Unhandled e) {
            // escapes, non-ASCII text, long numbers, a scalar root...: Jackson's parser
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

    /** The common case, straight from the bytes: a root object or array ({@link JsonByteReader}). */
    private JsonNode readPlain(JsonByteReader r) throws JsonByteReader.Unhandled {
        int c = r.peek();
        if (c != '{' && c != '[') {
            throw JsonByteReader.unhandled();
        }
        return readPlainValue(r, 1);
    }

    private JsonNode readPlainValue(JsonByteReader r, int depth) throws JsonByteReader.Unhandled {
        int c = r.peek();
        switch (c) {
            case '{': {
                if (depth > JsonByteReader.DEPTH_MAX) {
                    throw JsonByteReader.unhandled();
                }
                r.skip();
                ObjectNode object = nodes.objectNode();
                boolean first = true;
                while (true) {
                    c = r.peek();
                    if (c == '}') {
                        r.skip();
                        return object;
                    }
                    if (!first) {
                        if (c != ',') {
                            throw JsonByteReader.unhandled();
                        }
                        r.skip();
                        c = r.peek();
                    }
                    first = false;
                    if (c != '"') {
                        throw JsonByteReader.unhandled();
                    }
                    r.skip();
                    String name = r.stringBody();
                    if (r.peek() != ':') {
                        throw JsonByteReader.unhandled();
                    }
                    r.skip();
                    object.replace(name, readPlainValue(r, depth + 1)); // a duplicate key: last wins, first position
                }
            }
            case '[': {
                if (depth > JsonByteReader.DEPTH_MAX) {
                    throw JsonByteReader.unhandled();
                }
                r.skip();
                ArrayNode array = nodes.arrayNode();
                boolean first = true;
                while (true) {
                    c = r.peek();
                    if (c == ']') {
                        r.skip();
                        return array;
                    }
                    if (!first) {
                        if (c != ',') {
                            throw JsonByteReader.unhandled();
                        }
                        r.skip();
                    }
                    first = false;
                    array.add(readPlainValue(r, depth + 1));
                }
            }
            case '"':
                r.skip();
                return nodes.textNode(r.stringBody());
            case 't':
                r.literal("true");
                return nodes.booleanNode(true);
            case 'f':
                r.literal("false");
                return nodes.booleanNode(false);
            case 'n':
                r.literal("null");
                return nodes.nullNode();
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    if (r.atIntegerToken()) {
                        long v = r.longValue();
                        return v == (int) v ? nodes.numberNode((int) v) : nodes.numberNode(v);
                    }
                    return nodes.numberNode(r.doubleValue());
                }
                throw JsonByteReader.unhandled();
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
        JsonByteWriter plain = JsonByteWriter.acquire();
        try {
            writePlain(plain, value);
            return plain.toByteArray();
        } catch (JsonByteReader.Unhandled e) {
            // text with escapes or non-ASCII, a non-finite double, another node type: the generator
        } finally {
            plain.release();
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

    /** The common case, straight to bytes: the parse's node types, plain ASCII text, finite doubles. */
    private static void writePlain(JsonByteWriter w, JsonNode node) throws JsonByteReader.Unhandled {
        if (node == null) {
            throw JsonByteReader.unhandled();
        }
        Class<?> type = node.getClass();
        if (type == ObjectNode.class) {
            w.beginObject();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                w.name(e.getKey());
                writePlain(w, e.getValue());
            }
            w.endObject();
        } else if (type == ArrayNode.class) {
            w.beginArray();
            for (int i = 0, n = node.size(); i < n; i++) {
                writePlain(w, node.get(i));
            }
            w.endArray();
        } else if (type == TextNode.class) {
            w.string(node.textValue());
        } else if (type == IntNode.class) {
            w.number(node.intValue());
        } else if (type == LongNode.class) {
            w.number(node.longValue());
        } else if (type == DoubleNode.class) {
            w.number(node.doubleValue());
        } else if (type == BooleanNode.class) {
            w.bool(node.booleanValue());
        } else if (type == NullNode.class) {
            w.nullValue();
        } else {
            throw JsonByteReader.unhandled();
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

package io.runnel.streams.serde;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON as a Jackson tree, read and written with the streaming parser and generator directly. Jackson's own
 * {@code ObjectMapper.readTree}/{@code writeValueAsBytes} build a deserialization or serializer-provider context per
 * call, a large share of the cost of a small record. The trees and bytes are the mapper's: ints become {@code
 * IntNode}, {@code LongNode} or {@code BigIntegerNode} by size, floats {@code DoubleNode} (or {@code DecimalNode}
 * when the parser reports one), a repeated field keeps its last value, tokens after the root value are ignored,
 * empty input fails.
 * Nodes the generator cannot write alone ({@code POJONode}, {@code MissingNode}) fall back to the mapper. Stateless
 * and thread-safe.
 */
final class JsonTreeSerde implements Serde<JsonNode> {
    private final ObjectMapper mapper;
    private final JsonFactory factory;
    private final JsonNodeFactory nodes;
    private final ObjectReader reader;

    JsonTreeSerde(ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = mapper.readerFor(JsonNode.class);
        this.factory = mapper.getFactory();
        this.nodes = mapper.getNodeFactory();
    }

    @Override
    public byte[] serialize(JsonNode value) {
        if (value == null) {
            return null;
        }
        try {
            if (!writable(value)) {
                return mapper.writeValueAsBytes(value);
            }
            ByteArrayBuilder out = new ByteArrayBuilder(256);
            try (JsonGenerator g = factory.createGenerator(out)) {
                write(g, value);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new SerdeException("Cannot write JsonNode as JSON", e);
        }
    }

    @Override
    public JsonNode deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (JsonParser p = factory.createParser(bytes)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return reader.readValue(bytes); // no content: fails as the data-binding reader does
            }
            return read(p, first);
        } catch (IOException e) {
            throw new SerdeException("Cannot read JsonNode from JSON", e);
        }
    }

    private JsonNode read(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = nodes.objectNode();
                for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                    String name = p.currentName();
                    o.replace(name, read(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = nodes.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    a.add(read(p, e));
                }
                return a;
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
                if (p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
                    return nodes.numberNode(p.getDecimalValue());
                }
                return nodes.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return nodes.booleanNode(true);
            case VALUE_FALSE:
                return nodes.booleanNode(false);
            case VALUE_NULL:
                return nodes.nullNode();
            default:
                throw new IOException("Unexpected JSON token " + t);
        }
    }

    private static boolean writable(JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT:
            case ARRAY:
                for (JsonNode c : n) {
                    if (!writable(c)) {
                        return false;
                    }
                }
                return true;
            case STRING:
            case NUMBER:
            case BOOLEAN:
            case NULL:
            case BINARY:
                return true;
            default:
                return false;
        }
    }

    private static void write(JsonGenerator g, JsonNode n) throws IOException {
        switch (n.getNodeType()) {
            case OBJECT: {
                g.writeStartObject();
                for (var it = n.fields(); it.hasNext(); ) {
                    var e = it.next();
                    g.writeFieldName(e.getKey());
                    write(g, e.getValue());
                }
                g.writeEndObject();
                return;
            }
            case ARRAY:
                g.writeStartArray();
                for (JsonNode c : n) {
                    write(g, c);
                }
                g.writeEndArray();
                return;
            case STRING:
                g.writeString(n.textValue());
                return;
            case NUMBER:
                switch (n.numberType()) {
                    case INT -> g.writeNumber(n.intValue());
                    case LONG -> g.writeNumber(n.longValue());
                    case BIG_INTEGER -> g.writeNumber(n.bigIntegerValue());
                    case FLOAT -> g.writeNumber(n.floatValue());
                    case DOUBLE -> g.writeNumber(n.doubleValue());
                    default -> g.writeNumber(n.decimalValue());
                }
                return;
            case BOOLEAN:
                g.writeBoolean(n.booleanValue());
                return;
            case NULL:
                g.writeNull();
                return;
            case BINARY:
                g.writeBinary(n.binaryValue());
                return;
            default:
                throw new IllegalStateException("not writable here: " + n.getNodeType());
        }
    }
}

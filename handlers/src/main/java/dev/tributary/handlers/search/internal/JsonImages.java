package dev.tributary.handlers.search.internal;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * DynamoDB images as the plain JSON a search index wants: numbers as JSON numbers with every digit
 * kept (BigDecimal, written plainly, never as a double), sets as arrays, binary as base64, maps and
 * lists nested, NULL as null.
 */
public final class JsonImages {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Writes BigDecimals in plain notation, as DynamoDB prints numbers ({@code 1E+3} is 1000). */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private JsonImages() {}

  public static ObjectNode document(Map<String, AttributeValue> image) {
    Objects.requireNonNull(image, "image");
    ObjectNode out = NODES.objectNode();
    image.forEach((name, value) -> out.set(name, toJson(value)));
    return out;
  }

  public static JsonNode toJson(AttributeValue value) {
    Objects.requireNonNull(value, "value");
    // Java 17: no pattern switch yet; the interface is sealed, so this chain is complete
    if (value instanceof AttributeValue.S s) {
      return NODES.textNode(s.value());
    } else if (value instanceof AttributeValue.N n) {
      return DecimalNode.valueOf(n.value()); // as is: the factory may rescale
    } else if (value instanceof AttributeValue.B b) {
      return NODES.textNode(b.value().toBase64());
    } else if (value instanceof AttributeValue.Bool b) {
      return NODES.booleanNode(b.value());
    } else if (value instanceof AttributeValue.Null) {
      return NODES.nullNode();
    } else if (value instanceof AttributeValue.M m) {
      return document(m.value());
    } else if (value instanceof AttributeValue.L l) {
      ArrayNode a = NODES.arrayNode(l.value().size());
      l.value().forEach(v -> a.add(toJson(v)));
      return a;
    } else if (value instanceof AttributeValue.SS ss) {
      ArrayNode a = NODES.arrayNode(ss.value().size());
      ss.value().forEach(a::add);
      return a;
    } else if (value instanceof AttributeValue.NS ns) {
      ArrayNode a = NODES.arrayNode(ns.value().size());
      for (BigDecimal d : ns.value()) {
        a.add(DecimalNode.valueOf(d));
      }
      return a;
    } else if (value instanceof AttributeValue.BS bs) {
      ArrayNode a = NODES.arrayNode(bs.value().size());
      for (Bytes b : bs.value()) {
        a.add(b.toBase64());
      }
      return a;
    }
    throw new IllegalArgumentException("Unknown attribute value type " + value.type());
  }
}

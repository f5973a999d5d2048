package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.engine.model.Capacity;
import dev.tributary.engine.model.ConsumedCapacity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes response bodies with Jackson's streaming generator; shared pieces of every family. */
final class JsonOut {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonOut() {}

  /** What writes the members of a response's top-level object. */
  @FunctionalInterface
  interface Members {
    void write(JsonGenerator g) throws IOException;
  }

  /** A JSON object whose members {@code members} writes. */
  static byte[] object(Members members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      members.write(g);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] empty() {
    return new byte[] {'{', '}'};
  }

  static void item(JsonGenerator g, String field, Map<String, AttributeValue> item)
      throws IOException {
    g.writeFieldName(field);
    AttributeValueJson.writeItem(g, item);
  }

  static void item(JsonGenerator g, String field, Optional<Map<String, AttributeValue>> item)
      throws IOException {
    if (item.isPresent()) {
      item(g, field, item.get());
    }
  }

  static void items(JsonGenerator g, String field, List<Map<String, AttributeValue>> items)
      throws IOException {
    g.writeArrayFieldStart(field);
    for (Map<String, AttributeValue> i : items) {
      AttributeValueJson.writeItem(g, i);
    }
    g.writeEndArray();
  }

  static void consumedCapacity(JsonGenerator g, Optional<ConsumedCapacity> cc) throws IOException {
    if (cc.isPresent()) {
      g.writeFieldName("ConsumedCapacity");
      consumedCapacity(g, cc.get());
    }
  }

  /** A list of ConsumedCapacity, written only when the request asked for capacity. */
  static void consumedCapacities(JsonGenerator g, List<ConsumedCapacity> list) throws IOException {
    if (list.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart("ConsumedCapacity");
    for (ConsumedCapacity c : list) {
      consumedCapacity(g, c);
    }
    g.writeEndArray();
  }

  private static void consumedCapacity(JsonGenerator g, ConsumedCapacity c) throws IOException {
    g.writeStartObject();
    g.writeStringField("TableName", c.tableName());
    g.writeNumberField("CapacityUnits", c.capacityUnits());
    if (c.readCapacityUnits() != 0) {
      g.writeNumberField("ReadCapacityUnits", c.readCapacityUnits());
    }
    if (c.writeCapacityUnits() != 0) {
      g.writeNumberField("WriteCapacityUnits", c.writeCapacityUnits());
    }
    if (c.table().isPresent()) {
      g.writeFieldName("Table");
      capacity(g, c.table().get());
    }
    capacityMap(g, "GlobalSecondaryIndexes", c.globalSecondaryIndexes());
    capacityMap(g, "LocalSecondaryIndexes", c.localSecondaryIndexes());
    g.writeEndObject();
  }

  private static void capacityMap(JsonGenerator g, String field, Map<String, Capacity> map)
      throws IOException {
    if (map.isEmpty()) {
      return;
    }
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, Capacity> e : map.entrySet()) {
      g.writeFieldName(e.getKey());
      capacity(g, e.getValue());
    }
    g.writeEndObject();
  }

  private static void capacity(JsonGenerator g, Capacity c) throws IOException {
    g.writeStartObject();
    if (c.readCapacityUnits() != 0) {
      g.writeNumberField("ReadCapacityUnits", c.readCapacityUnits());
    }
    if (c.writeCapacityUnits() != 0) {
      g.writeNumberField("WriteCapacityUnits", c.writeCapacityUnits());
    }
    g.writeNumberField("CapacityUnits", c.capacityUnits());
    g.writeEndObject();
  }
}

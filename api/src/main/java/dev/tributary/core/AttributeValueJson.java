package dev.tributary.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's typed JSON for attribute values ({@code {"S":"x"}}, {@code {"N":"1.5"}}, ...) and
 * items. Reading is strict, with DynamoDB's error wording: exactly one type per value, numbers as
 * strings in range, NULL only {@code true}, binary as Base64.
 */
public final class AttributeValueJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(module());

  private AttributeValueJson() {}

  /** A Jackson module that reads and writes {@link AttributeValue} in DynamoDB's JSON. */
  public static SimpleModule module() {
    SimpleModule module = new SimpleModule("tributary-attribute-values");
    module.addSerializer(AttributeValue.class, new Serializer());
    module.addDeserializer(AttributeValue.class, new Deserializer());
    return module;
  }

  public static String toJson(AttributeValue value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An item as a JSON object of typed values: {@code {"id":{"S":"1"}}}. */
  public static String itemToJson(Map<String, AttributeValue> item) {
    try {
      return MAPPER.writeValueAsString(item);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static AttributeValue fromJson(String json) {
    try (JsonParser p = MAPPER.createParser(json)) {
      p.nextToken();
      return read(p);
    } catch (IOException e) {
      throw new InvalidAttributeValueException("Malformed attribute value JSON: " + e.getMessage());
    }
  }

  public static Map<String, AttributeValue> itemFromJson(String json) {
    try (JsonParser p = MAPPER.createParser(json)) {
      p.nextToken();
      return readItem(p);
    } catch (IOException e) {
      throw new InvalidAttributeValueException("Malformed item JSON: " + e.getMessage());
    }
  }

  // ---- writing ---------------------------------------------------------------------------

  public static void write(JsonGenerator g, AttributeValue value) throws IOException {
    g.writeStartObject();
    g.writeFieldName(value.type().descriptor());
    if (value instanceof AttributeValue.S s) {
      g.writeString(s.value());
    } else if (value instanceof AttributeValue.N n) {
      g.writeString(n.text());
    } else if (value instanceof AttributeValue.B b) {
      g.writeString(b.value().toBase64());
    } else if (value instanceof AttributeValue.Bool b) {
      g.writeBoolean(b.value());
    } else if (value instanceof AttributeValue.Null) {
      g.writeBoolean(true);
    } else if (value instanceof AttributeValue.M m) {
      writeItem(g, m.value());
    } else if (value instanceof AttributeValue.L l) {
      g.writeStartArray();
      for (AttributeValue v : l.value()) {
        write(g, v);
      }
      g.writeEndArray();
    } else if (value instanceof AttributeValue.SS ss) {
      g.writeStartArray();
      for (String v : ss.value()) {
        g.writeString(v);
      }
      g.writeEndArray();
    } else if (value instanceof AttributeValue.NS ns) {
      g.writeStartArray();
      for (BigDecimal v : ns.value()) {
        g.writeString(Numbers.format(v));
      }
      g.writeEndArray();
    } else if (value instanceof AttributeValue.BS bs) {
      g.writeStartArray();
      for (Bytes v : bs.value()) {
        g.writeString(v.toBase64());
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  public static void writeItem(JsonGenerator g, Map<String, AttributeValue> item)
      throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      g.writeFieldName(e.getKey());
      write(g, e.getValue());
    }
    g.writeEndObject();
  }

  // ---- reading ---------------------------------------------------------------------------

  /** Reads one value; the parser stands on its START_OBJECT and is left on its END_OBJECT. */
  public static AttributeValue read(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidAttributeValueException(
          "Supplied AttributeValue is not a JSON object: " + describe(p));
    }
    AttributeValue result = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String type = p.currentName();
      p.nextToken();
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        continue; // SDKs may send unset members as null
      }
      if (result != null) {
        throw new InvalidAttributeValueException(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of"
                + " the supported datatypes");
      }
      result = readTyped(p, type);
    }
    if (result == null) {
      throw new InvalidAttributeValueException(
          "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    }
    return result;
  }

  /** Reads an object of named values; the parser stands on its START_OBJECT. */
  public static Map<String, AttributeValue> readItem(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new InvalidAttributeValueException(
          "Expected a map of attribute values, found " + describe(p));
    }
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      item.put(name, read(p));
    }
    return item;
  }

  private static AttributeValue readTyped(JsonParser p, String type) throws IOException {
    switch (type) {
      case "S":
        return AttributeValue.s(text(p, "S"));
      case "N":
        return AttributeValue.n(text(p, "N"));
      case "B":
        return AttributeValue.b(Bytes.fromBase64(text(p, "B")));
      case "BOOL":
        if (!p.currentToken().isBoolean()) {
          throw new MalformedAttributeValueException(
              "BOOL must be a JSON boolean, found " + describe(p));
        }
        return AttributeValue.bool(p.getBooleanValue());
      case "NULL":
        if (p.currentToken() != JsonToken.VALUE_TRUE) {
          throw new InvalidAttributeValueException(
              "One or more parameter values were invalid: Null attribute value types must have"
                  + " the value of true");
        }
        return AttributeValue.nul();
      case "M":
        return AttributeValue.m(readItem(p));
      case "L":
        {
          expectArray(p, "L");
          List<AttributeValue> list = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(p));
          }
          return AttributeValue.l(list);
        }
      case "SS":
        {
          List<String> values = new ArrayList<>();
          expectArray(p, "SS");
          while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(text(p, "SS"));
          }
          return AttributeValue.ss(values);
        }
      case "NS":
        {
          List<BigDecimal> values = new ArrayList<>();
          expectArray(p, "NS");
          while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(Numbers.parse(text(p, "NS")));
          }
          return AttributeValue.ns(values);
        }
      case "BS":
        {
          List<Bytes> values = new ArrayList<>();
          expectArray(p, "BS");
          while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(Bytes.fromBase64(text(p, "BS")));
          }
          return AttributeValue.bs(values);
        }
      default:
        throw new InvalidAttributeValueException(
            "Supplied AttributeValue has an unknown datatype: " + type);
    }
  }

  private static String text(JsonParser p, String type) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      JsonToken t = p.currentToken();
      throw new MalformedAttributeValueException(
          t != null && t.isNumeric()
              ? "NUMBER_VALUE cannot be converted to String"
              : type + " must be a JSON string, found " + describe(p));
    }
    return p.getText();
  }

  private static void expectArray(JsonParser p, String type) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new MalformedAttributeValueException(
          type + " must be a JSON array, found " + describe(p));
    }
  }

  private static String describe(JsonParser p) {
    JsonToken t = p.currentToken();
    return t == null ? "end of input" : t.asString() == null ? t.name() : t.asString();
  }

  private static final class Serializer extends JsonSerializer<AttributeValue> {
    @Override
    public void serialize(AttributeValue value, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      write(g, value);
    }
  }

  private static final class Deserializer extends JsonDeserializer<AttributeValue> {
    @Override
    public AttributeValue deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return read(p);
    }
  }
}

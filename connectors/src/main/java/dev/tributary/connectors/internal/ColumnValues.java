package dev.tributary.connectors.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Column values as Debezium delivers them (Kafka Connect values with Debezium's semantic types,
 * under the settings {@link DebeziumProperties} fixes) mapped to DynamoDB attribute values. The
 * table in docs/connectors.md is this class in prose: numbers keep their exact digits as N (S when
 * DynamoDB cannot hold them: more than 38 digits, NaN, infinities); dates and times are ISO-8601 S;
 * JSON becomes M / L / S / N / BOOL / NULL by its shape; arrays L; binary B; NULL NULL.
 */
public final class ColumnValues {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_LOCAL_TIME;
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

  private ColumnValues() {}

  /** A row (Debezium's {@code before} / {@code after}, or the key) as an item, in column order. */
  public static Map<String, AttributeValue> item(Struct row) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (Field f : row.schema().fields()) {
      out.put(f.name(), value(f.schema(), row.get(f)));
    }
    return out;
  }

  @SuppressWarnings("JavaUtilDate") // Kafka Connect's Time logical type is a java.util.Date
  public static AttributeValue value(Schema schema, Object v) {
    if (v == null) {
      return AttributeValue.nul();
    }
    String name = schema.name() == null ? "" : schema.name();
    switch (name) {
      case "org.apache.kafka.connect.data.Decimal":
        return number((BigDecimal) v);
      case "io.debezium.data.VariableScaleDecimal":
        Struct d = (Struct) v;
        return number(new BigDecimal(new BigInteger(bytes(d.get("value"))), d.getInt32("scale")));
      case "io.debezium.time.Date":
        return AttributeValue.s(LocalDate.ofEpochDay(((Number) v).longValue()).toString());
      case "org.apache.kafka.connect.data.Date":
        return AttributeValue.s(
            LocalDate.ofInstant(((Date) v).toInstant(), ZoneOffset.UTC).toString());
      case "io.debezium.time.Time":
        return timeOfDay(((Number) v).longValue() * 1_000_000L);
      case "io.debezium.time.MicroTime":
        return timeOfDay(((Number) v).longValue() * 1_000L);
      case "io.debezium.time.NanoTime":
        return timeOfDay(((Number) v).longValue());
      case "org.apache.kafka.connect.data.Time":
        return timeOfDay(((Date) v).getTime() * 1_000_000L);
      case "io.debezium.time.Timestamp":
        return localDateTime(Instant.ofEpochMilli(((Number) v).longValue()));
      case "io.debezium.time.MicroTimestamp":
        return localDateTime(micros(((Number) v).longValue()));
      case "io.debezium.time.NanoTimestamp":
        long nanos = ((Number) v).longValue();
        return localDateTime(
            Instant.ofEpochSecond(
                Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
      case "org.apache.kafka.connect.data.Timestamp":
        return localDateTime(((Date) v).toInstant());
      case "io.debezium.data.Json":
        return json((String) v);
      case "io.debezium.data.EnumSet":
        return enumSet((String) v);
      default:
        return byType(schema, v);
    }
  }

  private static AttributeValue byType(Schema schema, Object v) {
    switch (schema.type()) {
      case BOOLEAN:
        return AttributeValue.bool((Boolean) v);
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return AttributeValue.n(((Number) v).longValue());
      case FLOAT32:
        float f = (Float) v;
        return Float.isFinite(f)
            ? number(new BigDecimal(Float.toString(f)))
            : AttributeValue.s(Float.toString(f));
      case FLOAT64:
        double x = (Double) v;
        return Double.isFinite(x)
            ? number(BigDecimal.valueOf(x))
            : AttributeValue.s(Double.toString(x));
      case STRING:
        return AttributeValue.s(v.toString());
      case BYTES:
        return AttributeValue.b(Bytes.wrap(bytes(v)));
      case ARRAY:
        List<AttributeValue> list = new ArrayList<>();
        for (Object e : (List<?>) v) {
          list.add(value(schema.valueSchema(), e));
        }
        return AttributeValue.l(list);
      case MAP:
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        ((Map<?, ?>) v)
            .forEach((k, e) -> map.put(String.valueOf(k), value(schema.valueSchema(), e)));
        return AttributeValue.m(map);
      case STRUCT:
        return AttributeValue.m(item((Struct) v));
      default:
        throw new IllegalArgumentException(
            "Unsupported column type " + schema.type() + " (" + schema.name() + ")");
    }
  }

  /**
   * N when DynamoDB can hold the number exactly (38 digits, its range); the decimal text as S
   * otherwise.
   */
  static AttributeValue number(BigDecimal v) {
    try {
      return AttributeValue.n(v.toString());
    } catch (RuntimeException e) {
      return AttributeValue.s(v.toPlainString());
    }
  }

  private static AttributeValue timeOfDay(long nanosOfDay) {
    // Postgres allows 24:00:00, which LocalTime does not
    if (nanosOfDay == 86_400_000_000_000L) {
      return AttributeValue.s("24:00:00");
    }
    return AttributeValue.s(LocalTime.ofNanoOfDay(nanosOfDay).format(TIME));
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** A timestamp without zone: the wall-clock value the column holds, ISO-8601 without offset. */
  private static AttributeValue localDateTime(Instant asUtc) {
    return AttributeValue.s(LocalDateTime.ofInstant(asUtc, ZoneOffset.UTC).format(DATE_TIME));
  }

  private static AttributeValue enumSet(String csv) {
    if (csv.isEmpty()) {
      return AttributeValue.nul();
    }
    return AttributeValue.ss(new ArrayList<>(new LinkedHashSet<>(Arrays.asList(csv.split(",")))));
  }

  static AttributeValue json(String text) {
    try {
      return json(JSON.readTree(text));
    } catch (JsonProcessingException e) {
      return AttributeValue.s(text);
    }
  }

  private static AttributeValue json(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return AttributeValue.nul();
    }
    if (n.isObject()) {
      Map<String, AttributeValue> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), json(e.getValue()));
      }
      return AttributeValue.m(m);
    }
    if (n.isArray()) {
      List<AttributeValue> l = new ArrayList<>(n.size());
      n.forEach(e -> l.add(json(e)));
      return AttributeValue.l(l);
    }
    if (n.isBoolean()) {
      return AttributeValue.bool(n.booleanValue());
    }
    if (n.isNumber()) {
      return number(n.decimalValue());
    }
    return AttributeValue.s(n.asText());
  }

  private static byte[] bytes(Object v) {
    if (v instanceof byte[] b) {
      return b.clone();
    }
    ByteBuffer buf = ((ByteBuffer) v).duplicate();
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }
}

package dev.tributary.handlers.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's typed attribute values as plain JSON-like Java values, the view templates and
 * documents see: strings, numbers as {@link Long} when integral and in range (else {@link
 * BigDecimal}), booleans, {@code null}, nested maps and lists, sets as lists, binary as base64.
 */
public final class PlainJson {
  private PlainJson() {}

  /** An item (or keys) as an ordered, unmodifiable map of plain values. */
  public static Map<String, Object> item(Map<String, AttributeValue> item) {
    Map<String, Object> out = new LinkedHashMap<>(item.size() * 2);
    item.forEach((k, v) -> out.put(k, value(v)));
    return Collections.unmodifiableMap(out);
  }

  /** One attribute value as a plain value; NULL becomes {@code null}. */
  public static Object value(AttributeValue v) {
    if (v instanceof AttributeValue.S s) {
      return s.value();
    } else if (v instanceof AttributeValue.N n) {
      return number(n.value());
    } else if (v instanceof AttributeValue.B b) {
      return b.value().toBase64();
    } else if (v instanceof AttributeValue.Bool b) {
      return b.value();
    } else if (v instanceof AttributeValue.Null) {
      return null;
    } else if (v instanceof AttributeValue.M m) {
      return item(m.value());
    } else if (v instanceof AttributeValue.L l) {
      List<Object> out = new ArrayList<>(l.value().size());
      for (AttributeValue e : l.value()) {
        out.add(value(e));
      }
      return Collections.unmodifiableList(out);
    } else if (v instanceof AttributeValue.SS ss) {
      return List.copyOf(ss.value());
    } else if (v instanceof AttributeValue.NS ns) {
      List<Object> out = new ArrayList<>(ns.value().size());
      for (BigDecimal d : ns.value()) {
        out.add(number(d));
      }
      return Collections.unmodifiableList(out);
    } else if (v instanceof AttributeValue.BS bs) {
      List<Object> out = new ArrayList<>(bs.value().size());
      for (Bytes b : bs.value()) {
        out.add(b.toBase64());
      }
      return Collections.unmodifiableList(out);
    }
    throw new IllegalArgumentException("Unknown attribute value type: " + v.getClass());
  }

  /** Integral numbers that fit a long print as integers; others keep their decimal form. */
  static Object number(BigDecimal d) {
    if (d.signum() == 0) {
      return 0L;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
      return stripped.longValueExact();
    }
    return d;
  }
}

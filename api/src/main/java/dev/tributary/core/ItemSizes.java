package dev.tributary.core;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Item and attribute sizes as DynamoDB counts them, for the 400 KB item limit, capacity units and
 * the 1 MB page. Strings and binary by their bytes, numbers by their significant digits in pairs
 * aligned on the decimal point plus one, BOOL and NULL one byte, lists and maps three bytes plus
 * one per element.
 */
public final class ItemSizes {
  /** DynamoDB's item size limit: 400 KB. */
  public static final int MAX_ITEM_BYTES = 400 * 1024;

  private ItemSizes() {}

  public static long itemSize(Map<String, AttributeValue> item) {
    long size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8Length(e.getKey()) + valueSize(e.getValue());
    }
    return size;
  }

  public static long valueSize(AttributeValue value) {
    if (value instanceof AttributeValue.S s) {
      return utf8Length(s.value());
    } else if (value instanceof AttributeValue.N n) {
      return numberSize(n.value());
    } else if (value instanceof AttributeValue.B b) {
      return b.value().length();
    } else if (value instanceof AttributeValue.Bool || value instanceof AttributeValue.Null) {
      return 1;
    } else if (value instanceof AttributeValue.M m) {
      long size = 3;
      for (Map.Entry<String, AttributeValue> e : m.value().entrySet()) {
        size += 1 + utf8Length(e.getKey()) + valueSize(e.getValue());
      }
      return size;
    } else if (value instanceof AttributeValue.L l) {
      long size = 3;
      for (AttributeValue v : l.value()) {
        size += 1 + valueSize(v);
      }
      return size;
    } else if (value instanceof AttributeValue.SS ss) {
      long size = 0;
      for (String v : ss.value()) {
        size += utf8Length(v);
      }
      return size;
    } else if (value instanceof AttributeValue.NS ns) {
      long size = 0;
      for (BigDecimal v : ns.value()) {
        size += numberSize(v);
      }
      return size;
    } else if (value instanceof AttributeValue.BS bs) {
      long size = 0;
      for (Bytes v : bs.value()) {
        size += v.length();
      }
      return size;
    }
    throw new IllegalArgumentException("unknown attribute value " + value);
  }

  /**
   * A number's bytes as DynamoDB measures them: its significant digits in pairs aligned on the
   * decimal point (so {@code 1.5} takes one pair more than {@code 15}), plus one byte, plus one if
   * negative; zero takes one byte. Matches the sizes recorded from DynamoDB's 400 KB gate.
   */
  static long numberSize(BigDecimal n) {
    if (n.signum() == 0) {
      return 1;
    }
    BigDecimal s = n.stripTrailingZeros();
    int digits = s.precision();
    int leading = digits - 1 - s.scale(); // the power of ten of the first significant digit
    boolean straddles = digits % 2 == 0 && leading % 2 == 0;
    return 1L + (digits + 1) / 2 + (straddles ? 1 : 0) + (n.signum() < 0 ? 1 : 0);
  }

  public static int utf8Length(String s) {
    int len = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        len++;
      } else if (c < 0x800) {
        len += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        len += 4;
        i++;
      } else {
        len += 3;
      }
    }
    return len;
  }

  /** The UTF-8 bytes of a string; here so callers share one charset choice. */
  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

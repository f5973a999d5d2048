package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeValue;
import java.util.OptionalInt;

/**
 * DynamoDB's ordering of attribute values: numbers numerically, strings by code point (UTF-8 byte
 * order), binaries by unsigned bytes. Values of other or different types are not ordered, and a
 * comparison with them is false, as in a DynamoDB condition.
 */
public final class Values {
  private Values() {}

  public static OptionalInt compare(AttributeValue a, AttributeValue b) {
    if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
      return OptionalInt.of(x.compareTo(y));
    }
    if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
      return OptionalInt.of(compareCodePoints(x.value(), y.value()));
    }
    if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
      return OptionalInt.of(x.value().compareTo(y.value()));
    }
    return OptionalInt.empty();
  }

  /** True when {@code value} starts with {@code prefix}; both S or both B. */
  public static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
    if (value instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
      return s.value().startsWith(p.value());
    }
    if (value instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
      return b.value().startsWith(p.value());
    }
    return false;
  }

  /** Java's String order is by UTF-16 unit; DynamoDB's is by UTF-8 byte, i.e. by code point. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}

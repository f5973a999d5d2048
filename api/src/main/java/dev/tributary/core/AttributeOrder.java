package dev.tributary.core;

import java.util.OptionalInt;

/**
 * DynamoDB's ordering of attribute values, one rule for the engine's conditions and key conditions
 * and the pipelines' filters: numbers numerically, strings and binaries by unsigned bytes (UTF-8
 * byte order for strings, which is code point order). Values of other or different types are not
 * ordered, and a comparison with them is false, as in a DynamoDB condition.
 */
public final class AttributeOrder {
  private AttributeOrder() {}

  /** The order of two values; empty when they are not ordered (different types, or no order). */
  public static OptionalInt compare(AttributeValue a, AttributeValue b) {
    if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
      return OptionalInt.of(x.compareTo(y));
    }
    if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
      return OptionalInt.of(compareStrings(x.value(), y.value()));
    }
    if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
      return OptionalInt.of(x.value().compareTo(y.value()));
    }
    return OptionalInt.empty();
  }

  /** {@code begins_with}: true when {@code value} starts with {@code prefix}; both S or both B. */
  public static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
    if (value instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
      return s.value().startsWith(p.value());
    }
    if (value instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
      return b.value().startsWith(p.value());
    }
    return false;
  }

  /**
   * Compares strings by their UTF-8 bytes, unsigned, without encoding them: UTF-8 byte order is
   * code point order, which differs from {@link String#compareTo} only for surrogate pairs.
   */
  public static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean xs = Character.isSurrogate(x);
        boolean ys = Character.isSurrogate(y);
        if (xs != ys) {
          return xs ? 1 : -1; // a surrogate encodes a code point above every BMP char
        }
        return Character.compare(x, y);
      }
    }
    return Integer.compare(a.length(), b.length());
  }
}

package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeValue;
import java.util.OptionalInt;

/** Value rules shared by the parsers and the evaluators: ordering, size() and type names. */
public final class Values {
  private Values() {}

  /**
   * Orders two values the way DynamoDB's {@code <}, {@code BETWEEN} and key conditions do: numbers
   * numerically, strings and binary by unsigned bytes. Empty when they are not ordered (different
   * types, or a type without an order).
   */
  public static OptionalInt compare(AttributeValue a, AttributeValue b) {
    if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
      return OptionalInt.of(x.compareTo(y));
    }
    if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
      return OptionalInt.of(compareUtf8(x.value(), y.value()));
    }
    if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
      return OptionalInt.of(x.value().compareTo(y.value()));
    }
    return OptionalInt.empty();
  }

  /**
   * Compares strings by their UTF-8 bytes, unsigned, without encoding them: UTF-8 byte order is
   * code point order, which differs from {@link String#compareTo} only for surrogate pairs.
   */
  static int compareUtf8(String a, String b) {
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

  /**
   * DynamoDB's {@code size()}: UTF-16 code units of a string (as DynamoDB counts them), bytes of a
   * binary, members of a set, list or map; empty for types without a size.
   */
  public static OptionalInt size(AttributeValue v) {
    switch (v.type()) {
      case S:
        return OptionalInt.of(((AttributeValue.S) v).value().length());
      case B:
        return OptionalInt.of(((AttributeValue.B) v).value().length());
      case SS:
        return OptionalInt.of(((AttributeValue.SS) v).value().size());
      case NS:
        return OptionalInt.of(((AttributeValue.NS) v).value().size());
      case BS:
        return OptionalInt.of(((AttributeValue.BS) v).value().size());
      case L:
        return OptionalInt.of(((AttributeValue.L) v).value().size());
      case M:
        return OptionalInt.of(((AttributeValue.M) v).value().size());
      default:
        return OptionalInt.empty();
    }
  }

  /** The type names of update-expression errors: {@code STRING}, {@code NUMBER}, ... */
  public static String longTypeName(AttributeValue.Type type) {
    switch (type) {
      case S:
        return "STRING";
      case N:
        return "NUMBER";
      case B:
        return "BINARY";
      case BOOL:
        return "BOOLEAN";
      case NULL:
        return "NULL";
      case M:
        return "MAP";
      case L:
        return "LIST";
      case SS:
        return "STRING_SET";
      case NS:
        return "NUMBER_SET";
      case BS:
        return "BINARY_SET";
      default:
        throw new IllegalArgumentException(type.name());
    }
  }

  /** A value as DynamoDB quotes it in messages: {@code {N:5}}. */
  public static String describe(AttributeValue v) {
    String body;
    if (v instanceof AttributeValue.S s) {
      body = s.value();
    } else if (v instanceof AttributeValue.N n) {
      body = n.text();
    } else if (v instanceof AttributeValue.B b) {
      body = b.value().toBase64();
    } else {
      body = v.toString();
    }
    return "AttributeValue: {" + v.type().descriptor() + ":" + body + "}";
  }
}

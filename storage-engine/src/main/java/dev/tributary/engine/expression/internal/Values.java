package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeFunctions;
import dev.tributary.core.AttributeValue;
import java.util.OptionalInt;

/**
 * Value rules shared by the parsers and the evaluators: size() and type names (the ordering is
 * {@link dev.tributary.core.AttributeOrder}, size() and contains() {@link AttributeFunctions}).
 */
public final class Values {
  private Values() {}

  /**
   * DynamoDB's {@code size()}: UTF-16 code units of a string (as DynamoDB counts them), bytes of a
   * binary, members of a set, list or map; empty for types without a size.
   */
  public static OptionalInt size(AttributeValue v) {
    return AttributeFunctions.size(v);
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

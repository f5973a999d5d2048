package dev.tributary.core;

import java.util.OptionalInt;

/**
 * DynamoDB's condition functions on attribute values, {@code size} and {@code contains}: one rule
 * for the engine's conditions and the conditions over change events (beside {@link
 * AttributeOrder}'s ordering and {@code begins_with}).
 */
public final class AttributeFunctions {
  private AttributeFunctions() {}

  /**
   * {@code size(v)}: a string's length in UTF-16 code units (as DynamoDB counts them), a binary's
   * in bytes, the members of a set, list or map; empty for the types without a size (numbers,
   * booleans, null).
   */
  public static OptionalInt size(AttributeValue v) {
    return switch (v.type()) {
      case S -> OptionalInt.of(((AttributeValue.S) v).value().length());
      case B -> OptionalInt.of(((AttributeValue.B) v).value().length());
      case SS -> OptionalInt.of(((AttributeValue.SS) v).value().size());
      case NS -> OptionalInt.of(((AttributeValue.NS) v).value().size());
      case BS -> OptionalInt.of(((AttributeValue.BS) v).value().size());
      case L -> OptionalInt.of(((AttributeValue.L) v).value().size());
      case M -> OptionalInt.of(((AttributeValue.M) v).value().size());
      default -> OptionalInt.empty();
    };
  }

  /**
   * {@code contains(container, element)}: a substring of a string, a byte run of a binary, a member
   * of a set of the element's type, an element of a list; false for anything else.
   */
  public static boolean contains(AttributeValue container, AttributeValue element) {
    if (container instanceof AttributeValue.S s) {
      return element instanceof AttributeValue.S sub && s.value().contains(sub.value());
    } else if (container instanceof AttributeValue.B b) {
      return element instanceof AttributeValue.B sub && b.value().contains(sub.value());
    } else if (container instanceof AttributeValue.SS ss) {
      return element instanceof AttributeValue.S m && ss.value().contains(m.value());
    } else if (container instanceof AttributeValue.NS ns) {
      return element instanceof AttributeValue.N m && ns.value().contains(m.value());
    } else if (container instanceof AttributeValue.BS bs) {
      return element instanceof AttributeValue.B m && bs.value().contains(m.value());
    } else if (container instanceof AttributeValue.L l) {
      return l.value().contains(element);
    }
    return false;
  }
}

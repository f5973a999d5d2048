package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * DynamoDB's limits on a document's shape, with its messages: attribute names (at every depth) not
 * empty and shorter than 65,536 bytes, and at most 31 maps or lists nested inside one another (32
 * levels counting the item). The walk stops at the limit, so no input can overflow the stack here.
 */
public final class ItemLimits {
  /** Longest attribute name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 65_535;

  /** Most maps and lists nested inside one another in one attribute value. */
  public static final int MAX_NESTED_DOCUMENTS = 31;

  static final String NAME_TOO_LARGE =
      "1 validation error detected: Attribute name is too large, must be less than 65536 bytes";
  static final String EMPTY_NAME = "Empty attribute name";
  static final String TOO_DEEP =
      "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels"
          + " beyond supported limit";

  private ItemLimits() {}

  /**
   * Checks every name and value of an item (or key, or map of placeholder values) in DynamoDB's
   * order: the item's own attribute names, then how deep each value nests, then the names inside
   * its maps.
   */
  public static void check(Map<String, AttributeValue> item) {
    for (String name : item.keySet()) {
      checkName(name);
    }
    for (AttributeValue v : item.values()) {
      checkDepth(v, 0);
    }
    for (AttributeValue v : item.values()) {
      checkNestedNames(v);
    }
  }

  /** Checks one attribute value. */
  public static void check(AttributeValue value) {
    checkDepth(value, 0);
    checkNestedNames(value);
  }

  /** Rejects an empty attribute name, or one of 65,536 bytes or more. */
  public static void checkName(String name) {
    if (name.isEmpty()) {
      throw new ValidationException(EMPTY_NAME);
    }
    // a char is at most 3 UTF-8 bytes: short names need no encoding
    if (name.length() > MAX_NAME_BYTES / 3
        && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new ValidationException(NAME_TOO_LARGE);
    }
  }

  private static void checkDepth(AttributeValue v, int depth) {
    if (v instanceof AttributeValue.M m) {
      enter(depth);
      for (AttributeValue e : m.value().values()) {
        checkDepth(e, depth + 1);
      }
    } else if (v instanceof AttributeValue.L l) {
      enter(depth);
      for (AttributeValue e : l.value()) {
        checkDepth(e, depth + 1);
      }
    }
  }

  /** Called once the depth is known to be within the limit. */
  private static void checkNestedNames(AttributeValue v) {
    if (v instanceof AttributeValue.M m) {
      for (Map.Entry<String, AttributeValue> e : m.value().entrySet()) {
        checkName(e.getKey());
        checkNestedNames(e.getValue());
      }
    } else if (v instanceof AttributeValue.L l) {
      for (AttributeValue e : l.value()) {
        checkNestedNames(e);
      }
    }
  }

  private static void enter(int depth) {
    if (depth >= MAX_NESTED_DOCUMENTS) {
      throw new ValidationException(TOO_DEEP);
    }
  }
}

package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A document path into an item, parsed once: {@code status}, {@code address.city}, {@code
 * lines[0].sku}. Names are split on dots, as DynamoDB's document paths are; brackets index lists.
 */
public record AttributePath(String text, List<Object> segments) {

  public AttributePath {
    Objects.requireNonNull(text, "text");
    segments = List.copyOf(segments);
  }

  /** Parses a path; a malformed one is rejected with a message naming it. */
  public static AttributePath parse(String text) {
    Objects.requireNonNull(text, "attribute path");
    List<Object> segments = new ArrayList<>();
    for (String part : text.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String name = bracket < 0 ? part : part.substring(0, bracket);
      if (name.isEmpty()) {
        throw bad(text, "an empty attribute name");
      }
      segments.add(name);
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          throw bad(text, "an unclosed '['");
        }
        try {
          segments.add(Integer.parseUnsignedInt(part.substring(bracket + 1, close)));
        } catch (NumberFormatException e) {
          throw bad(text, "a list index that is not a non-negative integer");
        }
        int next = close + 1;
        if (next < part.length() && part.charAt(next) != '[') {
          throw bad(text, "text after ']'");
        }
        bracket = next < part.length() ? next : -1;
      }
    }
    return new AttributePath(text, segments);
  }

  private static IllegalArgumentException bad(String text, String what) {
    return new IllegalArgumentException("attribute path '" + text + "' has " + what);
  }

  /** The top-level attribute this path starts at. */
  public String root() {
    return (String) segments.get(0);
  }

  /** The value at this path in {@code image}, if every step exists and has the right type. */
  public Optional<AttributeValue> resolve(Map<String, AttributeValue> image) {
    AttributeValue current = image.get(root());
    for (int i = 1; i < segments.size() && current != null; i++) {
      Object step = segments.get(i);
      if (step instanceof String name && current instanceof AttributeValue.M m) {
        current = m.value().get(name);
      } else if (step instanceof Integer index && current instanceof AttributeValue.L l) {
        current = index < l.value().size() ? l.value().get(index) : null;
      } else {
        current = null;
      }
    }
    return Optional.ofNullable(current);
  }

  @Override
  public String toString() {
    return text;
  }
}

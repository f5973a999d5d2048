package dev.tributary.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A document path into an item, as DynamoDB writes it without placeholders, parsed once: {@code
 * status}, {@code address.city}, {@code lines[0].sku}. Names are split on dots, as DynamoDB's
 * document paths are; brackets index lists. One parser for the pipelines' filters and the handlers'
 * settings ({@code to-attribute}).
 */
public final class AttributePath {
  private final String text;
  private final List<Object> segments;

  private AttributePath(String text, List<Object> segments) {
    this.text = text;
    this.segments = List.copyOf(segments);
  }

  /** Parses a path; a malformed one is rejected with a message naming it. */
  public static AttributePath parse(String text) {
    Objects.requireNonNull(text, "attribute path");
    if (!text.isEmpty() && text.isBlank()) {
      throw new IllegalArgumentException("attribute path must not be blank");
    }
    List<Object> segments = new ArrayList<>();
    for (String part : text.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String name = bracket < 0 ? part : part.substring(0, bracket);
      if (name.isEmpty()) {
        throw bad(text, "an empty attribute name");
      }
      if (name.indexOf(']') >= 0) {
        throw bad(text, "a ']' outside a list index");
      }
      segments.add(name);
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          throw bad(text, "an unclosed '['");
        }
        segments.add(listIndex(text, part.substring(bracket + 1, close)));
        int next = close + 1;
        if (next < part.length() && part.charAt(next) != '[') {
          throw bad(text, "text after ']'");
        }
        bracket = next < part.length() ? next : -1;
      }
    }
    return new AttributePath(text, segments);
  }

  private static int listIndex(String text, String digits) {
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(text, "a list index that is not a non-negative integer");
    }
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      throw bad(text, "a list index that is not a non-negative integer");
    }
  }

  private static IllegalArgumentException bad(String text, String what) {
    return new IllegalArgumentException("attribute path '" + text + "' has " + what);
  }

  /** The path as written. */
  public String text() {
    return text;
  }

  /** The steps: a {@code String} per attribute name, an {@code Integer} per list index. */
  public List<Object> segments() {
    return segments;
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
  public boolean equals(Object o) {
    return o instanceof AttributePath p && p.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.tributary.handlers.internal;

import dev.tributary.core.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document path into an item, as DynamoDB writes it without placeholders: {@code email}, {@code
 * customer.email}, {@code contacts[0].email}. Parsed once; {@link #resolve} walks an image.
 */
public final class AttributePath {
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  /** A map key or a list index. */
  private record Step(String name, int index) {}

  private final String text;
  private final List<Step> steps;

  private AttributePath(String text, List<Step> steps) {
    this.text = text;
    this.steps = steps;
  }

  public static AttributePath parse(String text) {
    Objects.requireNonNull(text, "path");
    if (text.isBlank()) {
      throw new IllegalArgumentException("attribute path must not be blank");
    }
    List<Step> steps = new ArrayList<>();
    for (String part : text.split("\\.", -1)) {
      Matcher m = STEP.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "attribute path '" + text + "' is not of the form name.name[0].name");
      }
      steps.add(new Step(m.group(1), -1));
      Matcher i = INDEX.matcher(m.group(2));
      while (i.find()) {
        steps.add(new Step(null, Integer.parseInt(i.group(1))));
      }
    }
    return new AttributePath(text, List.copyOf(steps));
  }

  /** The value at this path in the item, or empty when any step is missing or of another type. */
  public Optional<AttributeValue> resolve(Map<String, AttributeValue> item) {
    AttributeValue current = AttributeValue.m(item);
    for (Step s : steps) {
      if (s.name() != null && current instanceof AttributeValue.M m) {
        current = m.value().get(s.name());
      } else if (s.name() == null && current instanceof AttributeValue.L l && s.index() < l.value().size()) {
        current = l.value().get(s.index());
      } else {
        return Optional.empty();
      }
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  @Override
  public String toString() {
    return text;
  }
}

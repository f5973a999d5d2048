package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An expression string with the ExpressionAttributeNames and -Values it refers to. */
public record PrintedExpression(
    String expression, Map<String, String> names, Map<String, AttributeValue> values) {
  public PrintedExpression {
    Objects.requireNonNull(expression, "expression");
    names = Collections.unmodifiableMap(new LinkedHashMap<>(names));
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Fresh placeholders for parsing this expression back. */
  public Placeholders placeholders() {
    return Placeholders.of(names, values);
  }
}

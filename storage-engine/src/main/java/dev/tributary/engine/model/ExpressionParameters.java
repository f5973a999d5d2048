package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** ExpressionAttributeNames and ExpressionAttributeValues shared by a request's expressions. */
public record ExpressionParameters(Map<String, String> names, Map<String, AttributeValue> values) {
  public static final ExpressionParameters NONE = new ExpressionParameters(Map.of(), Map.of());

  public ExpressionParameters {
    names = Map.copyOf(Objects.requireNonNull(names, "names"));
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
  }

  public ExpressionParameters withName(String placeholder, String name) {
    Map<String, String> n = new LinkedHashMap<>(names);
    n.put(placeholder, name);
    return new ExpressionParameters(n, values);
  }

  public ExpressionParameters withValue(String placeholder, AttributeValue value) {
    Map<String, AttributeValue> v = new LinkedHashMap<>(values);
    v.put(placeholder, value);
    return new ExpressionParameters(names, v);
  }

  public boolean isEmpty() {
    return names.isEmpty() && values.isEmpty();
  }
}

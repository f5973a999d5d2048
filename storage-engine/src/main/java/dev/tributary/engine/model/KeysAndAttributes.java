package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The keys BatchGetItem reads from one table, with an optional projection. */
public record KeysAndAttributes(
    List<Map<String, AttributeValue>> keys,
    Optional<String> projectionExpression,
    Map<String, String> expressionAttributeNames,
    boolean consistentRead) {
  public KeysAndAttributes {
    keys = List.copyOf(Objects.requireNonNull(keys, "keys"));
    Objects.requireNonNull(projectionExpression, "projectionExpression");
    expressionAttributeNames = Map.copyOf(expressionAttributeNames);
  }

  public static KeysAndAttributes of(List<Map<String, AttributeValue>> keys) {
    return new KeysAndAttributes(keys, Optional.empty(), Map.of(), false);
  }
}

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One read of a TransactGetItems. */
public record TransactGet(
    String tableName,
    Map<String, AttributeValue> key,
    Optional<String> projectionExpression,
    Map<String, String> expressionAttributeNames) {
  public TransactGet {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(projectionExpression, "projectionExpression");
    expressionAttributeNames = Map.copyOf(expressionAttributeNames);
  }

  public static TransactGet of(String tableName, Map<String, AttributeValue> key) {
    return new TransactGet(tableName, key, Optional.empty(), Map.of());
  }
}

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** PutItem: create or replace a whole item, optionally under a condition. */
public record PutItemRequest(
    String tableName,
    Map<String, AttributeValue> item,
    Optional<String> conditionExpression,
    ExpressionParameters expressionParameters,
    ReturnValue returnValues,
    boolean returnOldItemOnConditionCheckFailure,
    ReturnConsumedCapacity returnConsumedCapacity) {

  public PutItemRequest {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(conditionExpression, "conditionExpression");
    Objects.requireNonNull(expressionParameters, "expressionParameters");
    Objects.requireNonNull(returnValues, "returnValues");
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static PutItemRequest of(String tableName, Map<String, AttributeValue> item) {
    return builder(tableName, item).build();
  }

  public static Builder builder(String tableName, Map<String, AttributeValue> item) {
    return new Builder(tableName, item);
  }

  /** A mutable, chainable builder. */
  public static final class Builder extends WriteRequestBuilder<Builder> {
    private final String tableName;
    private final Map<String, AttributeValue> item;

    private Builder(String tableName, Map<String, AttributeValue> item) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      this.item = Objects.requireNonNull(item, "item");
    }

    public PutItemRequest build() {
      return new PutItemRequest(
          tableName,
          item,
          Optional.ofNullable(condition),
          parameters(),
          returnValues,
          returnOldItemOnConditionCheckFailure,
          returnConsumedCapacity);
    }
  }
}

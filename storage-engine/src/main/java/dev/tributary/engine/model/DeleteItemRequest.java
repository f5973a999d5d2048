package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** DeleteItem: remove one item, optionally conditionally. */
public record DeleteItemRequest(
    String tableName,
    Map<String, AttributeValue> key,
    Optional<String> conditionExpression,
    ExpressionParameters expressionParameters,
    ReturnValue returnValues,
    boolean returnOldItemOnConditionCheckFailure,
    ReturnConsumedCapacity returnConsumedCapacity) {

  public DeleteItemRequest {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(conditionExpression, "conditionExpression");
    Objects.requireNonNull(expressionParameters, "expressionParameters");
    Objects.requireNonNull(returnValues, "returnValues");
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static DeleteItemRequest of(String tableName, Map<String, AttributeValue> key) {
    return builder(tableName, key).build();
  }

  public static Builder builder(String tableName, Map<String, AttributeValue> key) {
    return new Builder(tableName, key);
  }

  /** A mutable, chainable builder. */
  public static final class Builder extends WriteRequestBuilder<Builder> {
    private final String tableName;
    private final Map<String, AttributeValue> key;

    private Builder(String tableName, Map<String, AttributeValue> key) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      this.key = Objects.requireNonNull(key, "key");
    }

    public DeleteItemRequest build() {
      return new DeleteItemRequest(
          tableName,
          key,
          Optional.ofNullable(condition),
          parameters(),
          returnValues,
          returnOldItemOnConditionCheckFailure,
          returnConsumedCapacity);
    }
  }
}

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.UpdateExpression;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** UpdateItem: change attributes of one item (creating it if absent), optionally conditionally. */
public record UpdateItemRequest(
    String tableName,
    Map<String, AttributeValue> key,
    Optional<String> updateExpression,
    Optional<String> conditionExpression,
    ExpressionParameters expressionParameters,
    ReturnValue returnValues,
    boolean returnOldItemOnConditionCheckFailure,
    ReturnConsumedCapacity returnConsumedCapacity) {

  public UpdateItemRequest {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(updateExpression, "updateExpression");
    Objects.requireNonNull(conditionExpression, "conditionExpression");
    Objects.requireNonNull(expressionParameters, "expressionParameters");
    Objects.requireNonNull(returnValues, "returnValues");
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static Builder builder(String tableName, Map<String, AttributeValue> key) {
    return new Builder(tableName, key);
  }

  /** A mutable, chainable builder. */
  public static final class Builder extends WriteRequestBuilder<Builder> {
    private final String tableName;
    private final Map<String, AttributeValue> key;
    private String update;

    private Builder(String tableName, Map<String, AttributeValue> key) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      this.key = Objects.requireNonNull(key, "key");
    }

    public Builder update(String updateExpression) {
      this.update = Objects.requireNonNull(updateExpression, "updateExpression");
      return this;
    }

    /** A typed update, e.g. {@code Updates.set("price", n(12)).add("version", n(1)).build()}. */
    public Builder update(UpdateExpression update) {
      this.update = printer().update(Objects.requireNonNull(update, "update"));
      return this;
    }

    public UpdateItemRequest build() {
      return new UpdateItemRequest(
          tableName,
          key,
          Optional.ofNullable(update),
          Optional.ofNullable(condition),
          parameters(),
          returnValues,
          returnOldItemOnConditionCheckFailure,
          returnConsumedCapacity);
    }
  }
}

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** GetItem: read one item by its primary key. */
public record GetItemRequest(
    String tableName,
    Map<String, AttributeValue> key,
    boolean consistentRead,
    Optional<String> projectionExpression,
    Map<String, String> expressionAttributeNames,
    ReturnConsumedCapacity returnConsumedCapacity) {

  public GetItemRequest {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(projectionExpression, "projectionExpression");
    expressionAttributeNames = Map.copyOf(expressionAttributeNames);
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static GetItemRequest of(String tableName, Map<String, AttributeValue> key) {
    return new GetItemRequest(
        tableName, key, false, Optional.empty(), Map.of(), ReturnConsumedCapacity.NONE);
  }

  public GetItemRequest consistent() {
    return new GetItemRequest(
        tableName,
        key,
        true,
        projectionExpression,
        expressionAttributeNames,
        returnConsumedCapacity);
  }

  public GetItemRequest withProjection(String expression, Map<String, String> names) {
    return new GetItemRequest(
        tableName, key, consistentRead, Optional.of(expression), names, returnConsumedCapacity);
  }

  public GetItemRequest withReturnConsumedCapacity(ReturnConsumedCapacity mode) {
    return new GetItemRequest(
        tableName, key, consistentRead, projectionExpression, expressionAttributeNames, mode);
  }
}

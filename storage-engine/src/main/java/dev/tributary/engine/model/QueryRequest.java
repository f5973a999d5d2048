package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.KeyCondition;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Query: the items of one partition of a table or index, in sort-key order. */
public record QueryRequest(
    String tableName,
    Optional<String> indexName,
    String keyConditionExpression,
    Optional<String> filterExpression,
    Optional<String> projectionExpression,
    ExpressionParameters expressionParameters,
    Optional<Select> select,
    OptionalInt limit,
    Optional<Map<String, AttributeValue>> exclusiveStartKey,
    boolean scanIndexForward,
    boolean consistentRead,
    ReturnConsumedCapacity returnConsumedCapacity) {

  public QueryRequest {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(indexName, "indexName");
    Objects.requireNonNull(keyConditionExpression, "keyConditionExpression");
    Objects.requireNonNull(filterExpression, "filterExpression");
    Objects.requireNonNull(projectionExpression, "projectionExpression");
    Objects.requireNonNull(expressionParameters, "expressionParameters");
    Objects.requireNonNull(select, "select");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(exclusiveStartKey, "exclusiveStartKey");
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static Builder builder(String tableName, String keyConditionExpression) {
    return new Builder(tableName, keyConditionExpression);
  }

  /** A Query with a typed key condition, e.g. {@code KeyConditions.partition("pk").eq(v)}. */
  public static Builder builder(String tableName, KeyCondition keyCondition) {
    Builder b = new Builder(tableName, "");
    b.keyCondition = b.printer().keyCondition(Objects.requireNonNull(keyCondition, "keyCondition"));
    return b;
  }

  /** A mutable, chainable builder. */
  public static final class Builder extends ReadRequestBuilder<Builder> {
    private final String tableName;
    private String keyCondition;
    private boolean scanIndexForward = true;

    private Builder(String tableName, String keyConditionExpression) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
      this.keyCondition = Objects.requireNonNull(keyConditionExpression, "keyConditionExpression");
    }

    public Builder scanIndexForward(boolean forward) {
      this.scanIndexForward = forward;
      return this;
    }

    public QueryRequest build() {
      return new QueryRequest(
          tableName,
          Optional.ofNullable(indexName),
          keyCondition,
          Optional.ofNullable(filter),
          Optional.ofNullable(projection),
          parameters(),
          Optional.ofNullable(select),
          limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
          Optional.ofNullable(exclusiveStartKey),
          scanIndexForward,
          consistentRead,
          returnConsumedCapacity);
    }
  }
}

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.ProjectionExpression;
import java.util.Map;
import java.util.Objects;

/** What the builders of Query and Scan share. */
public abstract class ReadRequestBuilder<B extends ReadRequestBuilder<B>>
    extends ExpressionRequestBuilder<B> {
  String indexName;
  String filter;
  String projection;
  Select select;
  Integer limit;
  Map<String, AttributeValue> exclusiveStartKey;
  boolean consistentRead;
  ReturnConsumedCapacity returnConsumedCapacity = ReturnConsumedCapacity.NONE;

  ReadRequestBuilder() {}

  public B index(String indexName) {
    this.indexName = Objects.requireNonNull(indexName, "indexName");
    return self();
  }

  public B filter(String filterExpression) {
    this.filter = Objects.requireNonNull(filterExpression, "filterExpression");
    return self();
  }

  public B projection(String projectionExpression) {
    this.projection = Objects.requireNonNull(projectionExpression, "projectionExpression");
    return self();
  }

  public B select(Select select) {
    this.select = Objects.requireNonNull(select, "select");
    return self();
  }

  /** The most items to evaluate (before the filter), as DynamoDB's Limit. */
  public B limit(int limit) {
    this.limit = limit;
    return self();
  }

  /** Continue after this key: a previous page's LastEvaluatedKey. */
  public B exclusiveStartKey(Map<String, AttributeValue> key) {
    this.exclusiveStartKey = key;
    return self();
  }

  public B consistentRead(boolean consistentRead) {
    this.consistentRead = consistentRead;
    return self();
  }

  public B returnConsumedCapacity(ReturnConsumedCapacity mode) {
    this.returnConsumedCapacity = Objects.requireNonNull(mode, "returnConsumedCapacity");
    return self();
  }

  /** A typed filter, e.g. {@code Conditions.attr("age").gt(AttributeValue.n(18))}. */
  public B filter(Condition filter) {
    this.filter = printer().condition(Objects.requireNonNull(filter, "filter"));
    return self();
  }

  /** A typed projection, e.g. {@code Projection.of("name", "address.city")}. */
  public B projection(ProjectionExpression projection) {
    this.projection = printer().projection(Objects.requireNonNull(projection, "projection"));
    return self();
  }
}

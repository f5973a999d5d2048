package dev.tributary.engine.model;

import dev.tributary.engine.expression.Condition;
import java.util.Objects;

/** What the builders of PutItem, UpdateItem and DeleteItem share. */
public abstract class WriteRequestBuilder<B extends WriteRequestBuilder<B>>
    extends ExpressionRequestBuilder<B> {
  String condition;
  ReturnValue returnValues = ReturnValue.NONE;
  boolean returnOldItemOnConditionCheckFailure;
  ReturnConsumedCapacity returnConsumedCapacity = ReturnConsumedCapacity.NONE;

  WriteRequestBuilder() {}

  /** A ConditionExpression that the current item must satisfy for the write to happen. */
  public B condition(String conditionExpression) {
    this.condition = Objects.requireNonNull(conditionExpression, "conditionExpression");
    return self();
  }

  public B returnValues(ReturnValue returnValues) {
    this.returnValues = Objects.requireNonNull(returnValues, "returnValues");
    return self();
  }

  /** ReturnValuesOnConditionCheckFailure=ALL_OLD. */
  public B returnOldItemOnConditionCheckFailure(boolean yes) {
    this.returnOldItemOnConditionCheckFailure = yes;
    return self();
  }

  public B returnConsumedCapacity(ReturnConsumedCapacity mode) {
    this.returnConsumedCapacity = Objects.requireNonNull(mode, "returnConsumedCapacity");
    return self();
  }

  /** A typed condition, e.g. {@code Conditions.attributeNotExists("orderId")}. */
  public B condition(Condition condition) {
    this.condition = printer().condition(Objects.requireNonNull(condition, "condition"));
    return self();
  }
}

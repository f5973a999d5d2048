package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.ExpressionPrinter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What the builders of PutItem, UpdateItem and DeleteItem share. */
public abstract class WriteRequestBuilder<B extends WriteRequestBuilder<B>> {
  String condition;
  ExpressionParameters parameters = ExpressionParameters.NONE;
  ReturnValue returnValues = ReturnValue.NONE;
  boolean returnOldItemOnConditionCheckFailure;
  ReturnConsumedCapacity returnConsumedCapacity = ReturnConsumedCapacity.NONE;

  WriteRequestBuilder() {}

  private ExpressionPrinter printer;

  /** Prints typed expression trees into this request, with their own #n / :v placeholders. */
  ExpressionPrinter printer() {
    if (printer == null) {
      printer = new ExpressionPrinter();
    }
    return printer;
  }

  /** The request's placeholders, plus those of any typed expressions given to the builder. */
  ExpressionParameters parameters() {
    if (printer == null) {
      return parameters;
    }
    Map<String, String> names = new LinkedHashMap<>(parameters.names());
    names.putAll(printer.names());
    Map<String, AttributeValue> values = new LinkedHashMap<>(parameters.values());
    values.putAll(printer.values());
    return new ExpressionParameters(names, values);
  }

  @SuppressWarnings("unchecked")
  B self() {
    return (B) this;
  }

  /** A ConditionExpression that the current item must satisfy for the write to happen. */
  public B condition(String conditionExpression) {
    this.condition = Objects.requireNonNull(conditionExpression, "conditionExpression");
    return self();
  }

  public B name(String placeholder, String attributeName) {
    parameters = parameters.withName(placeholder, attributeName);
    return self();
  }

  public B value(String placeholder, AttributeValue value) {
    parameters = parameters.withValue(placeholder, value);
    return self();
  }

  public B expressionParameters(ExpressionParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    return self();
  }

  public B names(Map<String, String> names) {
    parameters = new ExpressionParameters(names, parameters.values());
    return self();
  }

  public B values(Map<String, AttributeValue> values) {
    parameters = new ExpressionParameters(parameters.names(), values);
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

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One action of a TransactWriteItems: Put, Update, Delete or ConditionCheck. */
public sealed interface TransactWriteItem
    permits TransactWriteItem.Put,
        TransactWriteItem.Update,
        TransactWriteItem.Delete,
        TransactWriteItem.ConditionCheck {

  String tableName();

  Optional<String> conditionExpression();

  ExpressionParameters expressionParameters();

  /** ReturnValuesOnConditionCheckFailure=ALL_OLD. */
  boolean returnOldItemOnConditionCheckFailure();

  record Put(
      String tableName,
      Map<String, AttributeValue> item,
      Optional<String> conditionExpression,
      ExpressionParameters expressionParameters,
      boolean returnOldItemOnConditionCheckFailure)
      implements TransactWriteItem {
    public Put {
      requireCommon(tableName, "item", item, conditionExpression, expressionParameters);
    }
  }

  record Update(
      String tableName,
      Map<String, AttributeValue> key,
      String updateExpression,
      Optional<String> conditionExpression,
      ExpressionParameters expressionParameters,
      boolean returnOldItemOnConditionCheckFailure)
      implements TransactWriteItem {
    public Update {
      requireCommon(tableName, "key", key, conditionExpression, expressionParameters);
      Objects.requireNonNull(updateExpression, "updateExpression");
    }
  }

  record Delete(
      String tableName,
      Map<String, AttributeValue> key,
      Optional<String> conditionExpression,
      ExpressionParameters expressionParameters,
      boolean returnOldItemOnConditionCheckFailure)
      implements TransactWriteItem {
    public Delete {
      requireCommon(tableName, "key", key, conditionExpression, expressionParameters);
    }
  }

  record ConditionCheck(
      String tableName,
      Map<String, AttributeValue> key,
      Optional<String> conditionExpression,
      ExpressionParameters expressionParameters,
      boolean returnOldItemOnConditionCheckFailure)
      implements TransactWriteItem {
    public ConditionCheck {
      requireCommon(tableName, "key", key, conditionExpression, expressionParameters);
    }
  }

  static Put put(String tableName, Map<String, AttributeValue> item) {
    return new Put(tableName, item, Optional.empty(), ExpressionParameters.NONE, false);
  }

  static Put put(
      String tableName,
      Map<String, AttributeValue> item,
      String condition,
      ExpressionParameters parameters) {
    return new Put(tableName, item, Optional.of(condition), parameters, false);
  }

  static Update update(
      String tableName,
      Map<String, AttributeValue> key,
      String update,
      ExpressionParameters parameters) {
    return new Update(tableName, key, update, Optional.empty(), parameters, false);
  }

  static Update update(
      String tableName,
      Map<String, AttributeValue> key,
      String update,
      String condition,
      ExpressionParameters parameters) {
    return new Update(tableName, key, update, Optional.of(condition), parameters, false);
  }

  static Delete delete(String tableName, Map<String, AttributeValue> key) {
    return new Delete(tableName, key, Optional.empty(), ExpressionParameters.NONE, false);
  }

  static ConditionCheck conditionCheck(
      String tableName,
      Map<String, AttributeValue> key,
      String condition,
      ExpressionParameters parameters) {
    return new ConditionCheck(tableName, key, Optional.of(condition), parameters, false);
  }

  /** The null checks every action shares; {@code target} is the item (Put) or the key. */
  private static void requireCommon(
      String tableName,
      String targetName,
      Map<String, AttributeValue> target,
      Optional<String> conditionExpression,
      ExpressionParameters expressionParameters) {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(target, targetName);
    Objects.requireNonNull(conditionExpression, "conditionExpression");
    Objects.requireNonNull(expressionParameters, "expressionParameters");
  }
}

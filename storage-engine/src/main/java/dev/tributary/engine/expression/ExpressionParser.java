package dev.tributary.engine.expression;

import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.internal.ConditionParser;
import dev.tributary.engine.expression.internal.ExpressionKind;
import dev.tributary.engine.expression.internal.KeyConditionParser;
import dev.tributary.engine.expression.internal.ProjectionParser;
import dev.tributary.engine.expression.internal.UpdateParser;
import java.util.Objects;

/**
 * Parses the five expression parameters of a DynamoDB request into immutable trees. Every method
 * marks the placeholders it uses in {@code placeholders}; after the last expression of a request,
 * call {@link Placeholders#requireAllUsed()}.
 *
 * <p>Every method throws {@link ValidationException} with DynamoDB's message, prefixed with the
 * parameter name, e.g. {@code Invalid ConditionExpression: Syntax error; token: ...}.
 */
public final class ExpressionParser {
  private ExpressionParser() {}

  /** A ConditionExpression (PutItem, UpdateItem, DeleteItem, TransactWriteItems). */
  public static Condition condition(String expression, Placeholders placeholders) {
    return ConditionParser.parse(
        Objects.requireNonNull(expression, "expression"),
        ExpressionKind.CONDITION,
        Objects.requireNonNull(placeholders, "placeholders"));
  }

  /** A FilterExpression (Query, Scan): the same grammar, its own error prefix. */
  public static Condition filter(String expression, Placeholders placeholders) {
    return ConditionParser.parse(
        Objects.requireNonNull(expression, "expression"),
        ExpressionKind.FILTER,
        Objects.requireNonNull(placeholders, "placeholders"));
  }

  /** A KeyConditionExpression (Query); match it to a key schema with {@link KeyCondition#match}. */
  public static KeyCondition keyCondition(String expression, Placeholders placeholders) {
    return KeyConditionParser.parse(
        Objects.requireNonNull(expression, "expression"),
        Objects.requireNonNull(placeholders, "placeholders"));
  }

  /** An UpdateExpression (UpdateItem). */
  public static UpdateExpression update(String expression, Placeholders placeholders) {
    return UpdateParser.parse(
        Objects.requireNonNull(expression, "expression"),
        Objects.requireNonNull(placeholders, "placeholders"));
  }

  /** A ProjectionExpression (GetItem, Query, Scan, BatchGetItem, TransactGetItems). */
  public static ProjectionExpression projection(String expression, Placeholders placeholders) {
    return ProjectionParser.parse(
        Objects.requireNonNull(expression, "expression"),
        Objects.requireNonNull(placeholders, "placeholders"));
  }
}

package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.ConditionEvaluator;
import dev.tributary.engine.expression.ExpressionParser;
import dev.tributary.engine.expression.KeyCondition;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.Placeholders;
import dev.tributary.engine.expression.ProjectionExpression;
import dev.tributary.engine.expression.Projections;
import dev.tributary.engine.expression.UpdateApplier;
import dev.tributary.engine.expression.UpdateExpression;
import dev.tributary.engine.expression.UpdateResult;
import dev.tributary.engine.model.ExpressionParameters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The expressions of one request, parsed once against the request's shared placeholders. After
 * every expression is parsed, {@link #requireAllUsed()} rejects placeholders nothing referred to,
 * as DynamoDB does.
 */
final class RequestExpressions {
  private final Placeholders placeholders;
  private final boolean hasNames;
  private final boolean hasValues;

  /** Whether the request had any expression: names and values are only for expressions. */
  private boolean anyExpression;

  RequestExpressions(ExpressionParameters parameters) {
    this.placeholders = Placeholders.of(parameters.names(), parameters.values());
    this.hasNames = !parameters.names().isEmpty();
    this.hasValues = !parameters.values().isEmpty();
  }

  RequestExpressions(Map<String, String> names) {
    this.placeholders = Placeholders.of(names, Map.of());
    this.hasNames = !names.isEmpty();
    this.hasValues = false;
  }

  Optional<Condition> condition(Optional<String> expression) {
    return expression.map(e -> parse(e, ExpressionParser::condition));
  }

  Optional<Condition> filter(Optional<String> expression) {
    return expression.map(e -> parse(e, ExpressionParser::filter));
  }

  UpdateExpression update(String expression) {
    return parse(expression, ExpressionParser::update);
  }

  Optional<ProjectionExpression> projection(Optional<String> expression) {
    return expression.map(e -> parse(e, ExpressionParser::projection));
  }

  KeyCondition keyCondition(String expression) {
    return parse(expression, ExpressionParser::keyCondition);
  }

  /** Parses one of the request's expressions with its placeholders, noting that it has one. */
  private <T> T parse(String expression, BiFunction<String, Placeholders, T> parser) {
    anyExpression = true;
    return parser.apply(expression, placeholders);
  }

  /**
   * Rejects names or values given to a request without expressions, then unused ones, in DynamoDB's
   * words.
   */
  void requireAllUsed() {
    if (!anyExpression && hasValues) {
      throw new ValidationException(
          "1 validation error detected:"
              + " ExpressionAttributeValues can only be specified when using expressions");
    }
    if (!anyExpression && hasNames) {
      throw new ValidationException(
          "1 validation error detected:"
              + " ExpressionAttributeNames can only be specified when using expressions");
    }
    placeholders.requireAllUsed();
  }

  static boolean holds(Optional<Condition> condition, Map<String, AttributeValue> item) {
    return condition.isEmpty()
        || ConditionEvaluator.evaluate(condition.get(), item == null ? Map.of() : item);
  }

  static UpdateResult apply(UpdateExpression update, Map<String, AttributeValue> item) {
    return UpdateApplier.apply(update, item);
  }

  static Map<String, AttributeValue> project(
      Optional<ProjectionExpression> projection, Map<String, AttributeValue> item) {
    return projection.isEmpty() ? item : Projections.apply(projection.get().paths(), item);
  }

  static Map<String, AttributeValue> project(List<Path> paths, Map<String, AttributeValue> item) {
    return Projections.apply(paths, item);
  }
}

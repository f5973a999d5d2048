/**
 * DynamoDB's expression language: ConditionExpression, FilterExpression, KeyConditionExpression,
 * UpdateExpression and ProjectionExpression.
 *
 * <p>Strings exist only at the wire boundary. {@link
 * dev.tributary.engine.expression.ExpressionParser} turns them (with the request's {@link
 * dev.tributary.engine.expression.Placeholders}) into immutable trees: {@link
 * dev.tributary.engine.expression.Condition}, {@link dev.tributary.engine.expression.KeyCondition},
 * {@link dev.tributary.engine.expression.UpdateExpression}, {@link
 * dev.tributary.engine.expression.ProjectionExpression}. Java callers build the same trees with
 * {@link dev.tributary.engine.expression.Conditions}, {@link
 * dev.tributary.engine.expression.Updates}, {@link dev.tributary.engine.expression.KeyConditions}
 * and {@link dev.tributary.engine.expression.Projection}; {@link
 * dev.tributary.engine.expression.ExpressionPrinter} turns any tree back into a string with
 * placeholder maps. The evaluators are {@link dev.tributary.engine.expression.ConditionEvaluator},
 * {@link dev.tributary.engine.expression.UpdateApplier} and {@link
 * dev.tributary.engine.expression.Projections}.
 *
 * <p>Choices beyond the brief:
 *
 * <ul>
 *   <li>{@code Path.document("a.b[2]")} builds a path from expression syntax for the builders;
 *       {@code Path.of(name)} takes a name literally.
 *   <li>{@code size(:v)} of a literal is folded to its number at parse time, since {@code
 *       Operand.Size} holds a path.
 *   <li>The parser reports a syntax error before any semantic error (reserved word, undefined
 *       placeholder, wrong function), as DynamoDB does; semantic errors come in text order.
 *   <li>{@code UpdateApplier.apply} returns {@link dev.tributary.engine.expression.UpdateResult}
 *       (new item + target paths).
 * </ul>
 */
package dev.tributary.engine.expression;

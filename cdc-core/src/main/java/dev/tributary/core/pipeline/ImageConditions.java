package dev.tributary.core.pipeline;

import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.pipeline.internal.ImagePredicates;
import java.util.List;
import java.util.Objects;

/**
 * DynamoDB's condition grammar over an item image as a typed builder: any operand (an attribute,
 * its {@code size}, a literal) on either side of a comparison, {@code BETWEEN}, {@code IN}, {@code
 * begins_with}, {@code contains}, {@code attribute_type}, with DynamoDB's semantics. It builds the
 * same predicates as {@link Images#attr}, which covers the common shape (an attribute against
 * values); a condition expression's text ({@code replay --where}) is parsed into these.
 *
 * <pre>{@code
 * ImagePredicate p = ImageConditions.compare(size("tags"), Operator.GT, value(AttributeValue.n(1)))
 *     .and(ImageConditions.contains(path("tags"), value(AttributeValue.s("gift"))));
 * }</pre>
 */
public final class ImageConditions {
  private ImageConditions() {}

  /**
   * The comparison operators: {@code =}, {@code <>}, {@code <}, {@code <=}, {@code >}, {@code >=}.
   */
  public enum Operator {
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE
  }

  /** The value at {@code path} ({@code "status"}, {@code "address.city"}, {@code "tags[0]"}). */
  public static ImageOperand path(String path) {
    return new ImagePredicates.AtPath(AttributePath.parse(Objects.requireNonNull(path, "path")));
  }

  /** {@code size(path)}: characters, bytes, or elements of the value at {@code path}. */
  public static ImageOperand size(String path) {
    return new ImagePredicates.AtPath(
        AttributePath.parse(Objects.requireNonNull(path, "path")), true);
  }

  public static ImageOperand value(AttributeValue value) {
    return new ImagePredicates.Literal(Objects.requireNonNull(value, "value"));
  }

  /** {@code left op right}: a missing operand satisfies only {@code <>}. */
  public static ImagePredicate compare(ImageOperand left, Operator op, ImageOperand right) {
    Objects.requireNonNull(op, "op");
    return new ImagePredicates.Compare(left, ImagePredicates.Op.valueOf(op.name()), right);
  }

  /** {@code operand BETWEEN low AND high}, both inclusive. */
  public static ImagePredicate between(ImageOperand operand, ImageOperand low, ImageOperand high) {
    return new ImagePredicates.Between(
        Objects.requireNonNull(operand, "operand"),
        Objects.requireNonNull(low, "low"),
        Objects.requireNonNull(high, "high"));
  }

  /** {@code operand IN (c1, c2, ...)}, at least one candidate. */
  public static ImagePredicate in(ImageOperand operand, List<? extends ImageOperand> candidates) {
    Objects.requireNonNull(operand, "operand");
    Objects.requireNonNull(candidates, "candidates")
        .forEach(c -> Objects.requireNonNull(c, "candidate"));
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("IN needs at least one candidate");
    }
    return new ImagePredicates.In(operand, List.copyOf(candidates));
  }

  /**
   * {@code attribute_exists(path)}, or {@code attribute_not_exists(path)} when {@code expected} is
   * false.
   */
  public static ImagePredicate exists(String path, boolean expected) {
    return new ImagePredicates.Exists(
        AttributePath.parse(Objects.requireNonNull(path, "path")), expected);
  }

  /** {@code attribute_type(path, type)}: {@code type} names a type ({@code S}, {@code N}, ...). */
  public static ImagePredicate attributeType(String path, ImageOperand type) {
    return new ImagePredicates.AttributeType(
        AttributePath.parse(Objects.requireNonNull(path, "path")),
        Objects.requireNonNull(type, "type"));
  }

  /** {@code begins_with(operand, prefix)}: both strings or both binaries. */
  public static ImagePredicate beginsWith(ImageOperand operand, ImageOperand prefix) {
    return new ImagePredicates.Call(ImagePredicates.Function.BEGINS_WITH, operand, prefix);
  }

  /** {@code contains(operand, element)}: a substring, a set member or a list element. */
  public static ImagePredicate contains(ImageOperand operand, ImageOperand element) {
    return new ImagePredicates.Call(ImagePredicates.Function.CONTAINS, operand, element);
  }
}

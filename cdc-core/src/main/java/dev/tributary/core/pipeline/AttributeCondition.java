package dev.tributary.core.pipeline;

import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.pipeline.internal.ImagePredicates;
import dev.tributary.core.pipeline.internal.ImagePredicates.Op;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The conditions one attribute path can be put under, with DynamoDB condition semantics: {@code eq}
 * and {@code ne} compare any type by DynamoDB equality ({@code N 1.0} equals {@code N 1}); ordering
 * comparisons hold only between two numbers, two strings or two binaries; a missing attribute
 * satisfies only {@code ne} and {@code notExists}.
 *
 * @param <P> what a condition becomes: an {@link ImagePredicate} ({@link Images#attr}) or an {@link
 *     EventPredicate} on one image ({@link Events#newImage(String)}) or on the keys
 */
public final class AttributeCondition<P> {
  private final AttributePath path;
  private final Function<ImagePredicate, P> wrap;

  AttributeCondition(String path, Function<ImagePredicate, P> wrap) {
    this.path = AttributePath.parse(Objects.requireNonNull(path, "path"));
    this.wrap = wrap;
  }

  public P eq(AttributeValue value) {
    return compare(Op.EQ, value);
  }

  public P ne(AttributeValue value) {
    return compare(Op.NE, value);
  }

  public P lt(AttributeValue value) {
    return compare(Op.LT, value);
  }

  public P le(AttributeValue value) {
    return compare(Op.LE, value);
  }

  public P gt(AttributeValue value) {
    return compare(Op.GT, value);
  }

  public P ge(AttributeValue value) {
    return compare(Op.GE, value);
  }

  /** Numeric shorthand: {@code gt(100)} is {@code gt(n(100))}. */
  public P gt(long number) {
    return gt(AttributeValue.n(number));
  }

  public P ge(long number) {
    return ge(AttributeValue.n(number));
  }

  public P lt(long number) {
    return lt(AttributeValue.n(number));
  }

  public P le(long number) {
    return le(AttributeValue.n(number));
  }

  /** {@code low <= value <= high}; both bounds of one ordered type, low not above high. */
  public P between(AttributeValue low, AttributeValue high) {
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(high, "high");
    if (low.type() != high.type()) {
      throw new IllegalArgumentException(
          "between on '" + path + "': bounds " + low + " and " + high + " have different types");
    }
    orderable(low, "between");
    return wrap.apply(new ImagePredicates.Between(path, low, high));
  }

  /** The value equals one of {@code values} (at least one). */
  public P in(AttributeValue... values) {
    Objects.requireNonNull(values, "values");
    return in(Arrays.asList(values));
  }

  public P in(List<? extends AttributeValue> values) {
    Objects.requireNonNull(values, "values");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("in on '" + path + "' needs at least one value");
    }
    values.forEach(v -> Objects.requireNonNull(v, "in value"));
    return wrap.apply(new ImagePredicates.In(path, List.copyOf(values)));
  }

  public P exists() {
    return wrap.apply(new ImagePredicates.Exists(path, true));
  }

  public P notExists() {
    return wrap.apply(new ImagePredicates.Exists(path, false));
  }

  /** The value is a string (or binary) starting with {@code prefix}. */
  public P beginsWith(String prefix) {
    return beginsWith(AttributeValue.s(Objects.requireNonNull(prefix, "prefix")));
  }

  public P beginsWith(AttributeValue prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!(prefix instanceof AttributeValue.S) && !(prefix instanceof AttributeValue.B)) {
      throw new IllegalArgumentException(
          "begins_with on '" + path + "' needs an S or B prefix, was " + prefix);
    }
    return wrap.apply(
        new ImagePredicates.Call(
            ImagePredicates.Function.BEGINS_WITH,
            new ImagePredicates.AtPath(path),
            new ImagePredicates.Literal(prefix)));
  }

  private P compare(Op op, AttributeValue value) {
    Objects.requireNonNull(value, "value");
    if (op != Op.EQ && op != Op.NE) {
      orderable(value, op.name().toLowerCase(Locale.ROOT));
    }
    return wrap.apply(new ImagePredicates.Compare(path, op, value));
  }

  private void orderable(AttributeValue value, String what) {
    if (!value.type().isScalarKeyType()) {
      throw new IllegalArgumentException(
          what + " on '" + path + "' needs an N, S or B value, was " + value);
    }
  }
}

package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeFunctions;
import dev.tributary.core.AttributeOrder;
import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.pipeline.ImageOperand;
import dev.tributary.core.pipeline.ImagePredicate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/** The image predicates Tributary builds: immutable records that print as conditions. */
public final class ImagePredicates {
  private ImagePredicates() {}

  public static ImagePredicate and(ImagePredicate a, ImagePredicate b) {
    return new And(a, b);
  }

  public static ImagePredicate or(ImagePredicate a, ImagePredicate b) {
    return new Or(a, b);
  }

  public static ImagePredicate not(ImagePredicate a) {
    return a instanceof Not n ? n.inner() : new Not(a);
  }

  /** The comparison operators, with DynamoDB's spelling for printing. */
  public enum Op {
    EQ("="),
    NE("<>"),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    boolean holds(int comparison) {
      return switch (this) {
        case LT -> comparison < 0;
        case LE -> comparison <= 0;
        case GT -> comparison > 0;
        case GE -> comparison >= 0;
        case EQ -> comparison == 0;
        case NE -> comparison != 0;
      };
    }
  }

  /** The value at {@code path}, or with {@code size} its {@code size(path)} (none for a number). */
  public record AtPath(AttributePath path, boolean size) implements ImageOperand {
    public AtPath(AttributePath path) {
      this(path, false);
    }

    @Override
    public Optional<AttributeValue> valueIn(Map<String, AttributeValue> image) {
      Optional<AttributeValue> v = path.resolve(image);
      if (!size || v.isEmpty()) {
        return v;
      }
      OptionalInt n = AttributeFunctions.size(v.get());
      return n.isPresent() ? Optional.of(AttributeValue.n(n.getAsInt())) : Optional.empty();
    }

    @Override
    public String toString() {
      return size ? "size(" + path + ")" : path.toString();
    }
  }

  public record Literal(AttributeValue value) implements ImageOperand {
    @Override
    public Optional<AttributeValue> valueIn(Map<String, AttributeValue> image) {
      return Optional.of(value);
    }

    @Override
    public String toString() {
      return String.valueOf(value);
    }
  }

  /**
   * DynamoDB's comparison: a missing operand makes every operator false but {@code <>}; EQ and NE
   * are equality of any type; the rest is the ordering of numbers, strings and binaries.
   */
  static boolean compare(Op op, Optional<AttributeValue> left, Optional<AttributeValue> right) {
    if (left.isEmpty() || right.isEmpty()) {
      return op == Op.NE;
    }
    if (op == Op.EQ || op == Op.NE) {
      return left.get().equals(right.get()) == (op == Op.EQ);
    }
    OptionalInt c = AttributeOrder.compare(left.get(), right.get());
    return c.isPresent() && op.holds(c.getAsInt());
  }

  /** {@code left op right}. */
  public record Compare(ImageOperand left, Op op, ImageOperand right) implements ImagePredicate {
    public Compare {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(right, "right");
    }

    /** {@code path op value}. */
    public Compare(AttributePath path, Op op, AttributeValue value) {
      this(new AtPath(path), op, new Literal(value));
    }

    @Override
    public boolean test(Map<String, AttributeValue> image) {
      return compare(op, left.valueIn(image), right.valueIn(image));
    }

    @Override
    public String toString() {
      return left + " " + op.symbol + " " + right;
    }
  }

  /** {@code operand BETWEEN low AND high}: both bounds inclusive, in DynamoDB's ordering. */
  public record Between(ImageOperand operand, ImageOperand low, ImageOperand high)
      implements ImagePredicate {
    public Between(AttributePath path, AttributeValue low, AttributeValue high) {
      this(new AtPath(path), new Literal(low), new Literal(high));
    }

    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = operand.valueIn(image);
      return compare(Op.GE, actual, low.valueIn(image))
          && compare(Op.LE, actual, high.valueIn(image));
    }

    @Override
    public String toString() {
      return operand + " BETWEEN " + low + " AND " + high;
    }
  }

  /** {@code operand IN (c1, c2, ...)}: equal to one of the candidates. */
  public record In(ImageOperand operand, List<ImageOperand> values) implements ImagePredicate {
    public In {
      values = List.copyOf(values);
    }

    public In(AttributePath path, List<AttributeValue> values) {
      this(new AtPath(path), values.stream().<ImageOperand>map(Literal::new).toList());
    }

    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = operand.valueIn(image);
      return values.stream().anyMatch(v -> compare(Op.EQ, actual, v.valueIn(image)));
    }

    @Override
    public String toString() {
      return operand
          + " IN ("
          + values.stream().map(String::valueOf).collect(Collectors.joining(", "))
          + ")";
    }
  }

  public record Exists(AttributePath path, boolean expected) implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      return path.resolve(image).isPresent() == expected;
    }

    @Override
    public String toString() {
      return (expected ? "attribute_exists(" : "attribute_not_exists(") + path + ")";
    }
  }

  /** The functions of two operands. */
  public enum Function {
    /** Both strings or both binaries, the first starting with the second. */
    BEGINS_WITH("begins_with", AttributeOrder::beginsWith),
    /** {@link AttributeFunctions#contains}: a substring, a set member, a list element. */
    CONTAINS("contains", AttributeFunctions::contains);

    final String spelling;
    final BiPredicate<AttributeValue, AttributeValue> holds;

    Function(String spelling, BiPredicate<AttributeValue, AttributeValue> holds) {
      this.spelling = spelling;
      this.holds = holds;
    }
  }

  /** {@code function(operand, argument)}; false when either is missing. */
  public record Call(Function function, ImageOperand operand, ImageOperand argument)
      implements ImagePredicate {
    public Call {
      Objects.requireNonNull(function, "function");
      Objects.requireNonNull(operand, "operand");
      Objects.requireNonNull(argument, "argument");
    }

    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> a = operand.valueIn(image);
      Optional<AttributeValue> b = argument.valueIn(image);
      return a.isPresent() && b.isPresent() && function.holds.test(a.get(), b.get());
    }

    @Override
    public String toString() {
      return function.spelling + "(" + operand + ", " + argument + ")";
    }
  }

  /**
   * {@code attribute_type(path, type)}: the value at {@code path} has the type named ({@code S},
   * {@code N}, ...).
   */
  public record AttributeType(AttributePath path, ImageOperand type) implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = path.resolve(image);
      Optional<AttributeValue> name = type.valueIn(image);
      return actual.isPresent()
          && name.isPresent()
          && name.get() instanceof AttributeValue.S s
          && actual.get().type().descriptor().equals(s.value());
    }

    @Override
    public String toString() {
      return "attribute_type(" + path + ", " + type + ")";
    }
  }

  public record And(ImagePredicate left, ImagePredicate right) implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      return left.test(image) && right.test(image);
    }

    @Override
    public String toString() {
      return "(" + left + " AND " + right + ")";
    }
  }

  public record Or(ImagePredicate left, ImagePredicate right) implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      return left.test(image) || right.test(image);
    }

    @Override
    public String toString() {
      return "(" + left + " OR " + right + ")";
    }
  }

  public record Not(ImagePredicate inner) implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      return !inner.test(image);
    }

    @Override
    public String toString() {
      return "NOT " + inner;
    }
  }
}

package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeOrder;
import dev.tributary.core.AttributePath;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.pipeline.ImagePredicate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
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

  /** {@code path op value}; EQ and NE use DynamoDB equality (any type), the rest its ordering. */
  public record Compare(AttributePath path, Op op, AttributeValue value) implements ImagePredicate {
    public Compare {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }

    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = path.resolve(image);
      if (op == Op.EQ) {
        return actual.isPresent() && actual.get().equals(value);
      }
      if (op == Op.NE) {
        // As in DynamoDB, a missing attribute is "not equal" to any value.
        return actual.isEmpty() || !actual.get().equals(value);
      }
      if (actual.isEmpty()) {
        return false;
      }
      OptionalInt c = AttributeOrder.compare(actual.get(), value);
      return c.isPresent() && op.holds(c.getAsInt());
    }

    @Override
    public String toString() {
      return path + " " + op.symbol + " " + value;
    }
  }

  public record Between(AttributePath path, AttributeValue low, AttributeValue high)
      implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = path.resolve(image);
      if (actual.isEmpty()) {
        return false;
      }
      OptionalInt lo = AttributeOrder.compare(actual.get(), low);
      OptionalInt hi = AttributeOrder.compare(actual.get(), high);
      return lo.isPresent() && hi.isPresent() && lo.getAsInt() >= 0 && hi.getAsInt() <= 0;
    }

    @Override
    public String toString() {
      return path + " BETWEEN " + low + " AND " + high;
    }
  }

  public record In(AttributePath path, List<AttributeValue> values) implements ImagePredicate {
    public In {
      values = List.copyOf(values);
    }

    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = path.resolve(image);
      return actual.isPresent() && values.contains(actual.get());
    }

    @Override
    public String toString() {
      return path
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

  public record BeginsWith(AttributePath path, AttributeValue prefix) implements ImagePredicate {
    @Override
    public boolean test(Map<String, AttributeValue> image) {
      Optional<AttributeValue> actual = path.resolve(image);
      return actual.isPresent() && AttributeOrder.beginsWith(actual.get(), prefix);
    }

    @Override
    public String toString() {
      return "begins_with(" + path + ", " + prefix + ")";
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

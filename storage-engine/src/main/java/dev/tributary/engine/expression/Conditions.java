package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed builder for conditions, producing the same trees as {@link ExpressionParser}:
 *
 * <pre>{@code
 * Conditions.attr("status").eq(AttributeValue.s("PENDING"))
 *     .and(Conditions.attr("total").gt(AttributeValue.n(100)))
 * }</pre>
 *
 * String paths are document paths ({@code "a.b[2]"}); use {@link Path} for names with dots.
 */
public final class Conditions {
  private Conditions() {}

  /** The attribute at {@code documentPath}, to compare. */
  public static Operandish attr(String documentPath) {
    return new Operandish(Path.document(documentPath));
  }

  public static Operandish attr(Path path) {
    return new Operandish(Objects.requireNonNull(path, "path"));
  }

  /** {@code size(documentPath)}, to compare. */
  public static Operandish size(String documentPath) {
    return new Operandish(new Operand.Size(Path.document(documentPath)));
  }

  /** A literal value on the left of a comparison. */
  public static Operandish value(AttributeValue value) {
    return new Operandish(new Operand.Literal(value));
  }

  public static Condition attributeExists(String documentPath) {
    return new Condition.AttributeExists(Path.document(documentPath));
  }

  public static Condition attributeNotExists(String documentPath) {
    return new Condition.AttributeNotExists(Path.document(documentPath));
  }

  public static Condition attributeType(String documentPath, AttributeValue.Type type) {
    Objects.requireNonNull(type, "type");
    return new Condition.AttributeType(
        Path.document(documentPath), new Operand.Literal(AttributeValue.s(type.descriptor())));
  }

  public static Condition beginsWith(String documentPath, AttributeValue prefix) {
    return attr(documentPath).beginsWith(prefix);
  }

  public static Condition contains(String documentPath, AttributeValue element) {
    return attr(documentPath).contains(element);
  }

  public static Condition not(Condition condition) {
    return new Condition.Not(condition);
  }

  /** {@code c1 AND c2 AND ...}, grouped from the left as the parser groups it. */
  public static Condition and(Condition first, Condition... more) {
    Condition c = Objects.requireNonNull(first, "first");
    for (Condition m : more) {
      c = new Condition.And(c, m);
    }
    return c;
  }

  /** {@code c1 OR c2 OR ...}, grouped from the left as the parser groups it. */
  public static Condition or(Condition first, Condition... more) {
    Condition c = Objects.requireNonNull(first, "first");
    for (Condition m : more) {
      c = new Condition.Or(c, m);
    }
    return c;
  }

  /** The left side of a comparison: a path, {@code size(path)} or a value. */
  public static final class Operandish {
    private final Operand left;

    private Operandish(Operand left) {
      this.left = left;
    }

    public Condition eq(AttributeValue v) {
      return compare(Comparator.EQ, literal(v));
    }

    public Condition ne(AttributeValue v) {
      return compare(Comparator.NE, literal(v));
    }

    public Condition lt(AttributeValue v) {
      return compare(Comparator.LT, literal(v));
    }

    public Condition le(AttributeValue v) {
      return compare(Comparator.LE, literal(v));
    }

    public Condition gt(AttributeValue v) {
      return compare(Comparator.GT, literal(v));
    }

    public Condition ge(AttributeValue v) {
      return compare(Comparator.GE, literal(v));
    }

    /** Compares with any condition operand, e.g. another path. */
    public Condition compare(Comparator op, Operand right) {
      return new Condition.Comparison(op, left, right);
    }

    public Condition between(AttributeValue lower, AttributeValue upper) {
      return new Condition.Between(left, literal(lower), literal(upper));
    }

    public Condition in(AttributeValue first, AttributeValue... more) {
      List<Operand> candidates = new ArrayList<>(more.length + 1);
      candidates.add(literal(first));
      for (AttributeValue v : more) {
        candidates.add(literal(v));
      }
      return new Condition.In(left, candidates);
    }

    public Condition beginsWith(AttributeValue prefix) {
      return new Condition.BeginsWith(left, literal(prefix));
    }

    public Condition contains(AttributeValue element) {
      return new Condition.Contains(left, literal(element));
    }

    private static Operand.Literal literal(AttributeValue v) {
      return new Operand.Literal(Objects.requireNonNull(v, "value"));
    }
  }
}

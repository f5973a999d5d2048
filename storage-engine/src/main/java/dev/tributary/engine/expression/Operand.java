package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.Objects;

/**
 * A value in an expression. Conditions use {@link Path}, {@link Literal} and {@link Size}; update
 * expressions (SET) also use {@link Plus}, {@link Minus}, {@link IfNotExists} and {@link
 * ListAppend}.
 */
public sealed interface Operand
    permits Path,
        Operand.Literal,
        Operand.Size,
        Operand.Plus,
        Operand.Minus,
        Operand.IfNotExists,
        Operand.ListAppend {

  /** Whether this operand may appear in a condition (as opposed to only in a SET action). */
  default boolean isConditionOperand() {
    return this instanceof Path || this instanceof Literal || this instanceof Size;
  }

  /** A value from ExpressionAttributeValues, already resolved. */
  record Literal(AttributeValue value) implements Operand {
    public Literal {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** {@code size(path)}. */
  record Size(Path path) implements Operand {
    public Size {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "size(" + path + ")";
    }
  }

  /** {@code left + right} in a SET action. */
  record Plus(Operand left, Operand right) implements Operand {
    public Plus {
      requireUpdateTerm(left, "left");
      requireUpdateTerm(right, "right");
    }

    @Override
    public String toString() {
      return left + " + " + right;
    }
  }

  /** {@code left - right} in a SET action. */
  record Minus(Operand left, Operand right) implements Operand {
    public Minus {
      requireUpdateTerm(left, "left");
      requireUpdateTerm(right, "right");
    }

    @Override
    public String toString() {
      return left + " - " + right;
    }
  }

  /** {@code if_not_exists(path, fallback)}. */
  record IfNotExists(Path path, Operand fallback) implements Operand {
    public IfNotExists {
      Objects.requireNonNull(path, "path");
      requireUpdateTerm(fallback, "fallback");
    }

    @Override
    public String toString() {
      return "if_not_exists(" + path + ", " + fallback + ")";
    }
  }

  /** {@code list_append(first, second)}. */
  record ListAppend(Operand first, Operand second) implements Operand {
    public ListAppend {
      requireUpdateTerm(first, "first");
      requireUpdateTerm(second, "second");
    }

    @Override
    public String toString() {
      return "list_append(" + first + ", " + second + ")";
    }
  }

  /** DynamoDB's grammar: no size() in updates and no nested arithmetic. */
  private static void requireUpdateTerm(Operand operand, String what) {
    Objects.requireNonNull(operand, what);
    if (operand instanceof Size || operand instanceof Plus || operand instanceof Minus) {
      throw new IllegalArgumentException(
          what + " of an update operand must be a path, a value or a function: " + operand);
    }
  }
}

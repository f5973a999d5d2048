package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Objects;

/**
 * A typed builder for key conditions:
 *
 * <pre>{@code
 * KeyConditions.partition("customerId").eq(AttributeValue.s("c1"))
 *     .and(KeyConditions.sort("orderDate").between(from, to))
 * }</pre>
 */
public final class KeyConditions {
  private KeyConditions() {}

  /** The (first) partition attribute; {@code eq} starts the condition. */
  public static Partition partition(String attributeName) {
    return new Partition(Objects.requireNonNull(attributeName, "attributeName"));
  }

  /** A sort attribute (or a further partition attribute of a multi-attribute key). */
  public static Term sort(String attributeName) {
    return new Term(Objects.requireNonNull(attributeName, "attributeName"));
  }

  public static final class Partition {
    private final String name;

    private Partition(String name) {
      this.name = name;
    }

    public KeyCondition eq(AttributeValue value) {
      return new KeyCondition(List.of(new KeyTerm(name, KeyOperator.EQ, List.of(value))));
    }
  }

  public static final class Term {
    private final String name;

    private Term(String name) {
      this.name = name;
    }

    public KeyTerm eq(AttributeValue v) {
      return term(KeyOperator.EQ, v);
    }

    public KeyTerm lt(AttributeValue v) {
      return term(KeyOperator.LT, v);
    }

    public KeyTerm le(AttributeValue v) {
      return term(KeyOperator.LE, v);
    }

    public KeyTerm gt(AttributeValue v) {
      return term(KeyOperator.GT, v);
    }

    public KeyTerm ge(AttributeValue v) {
      return term(KeyOperator.GE, v);
    }

    public KeyTerm beginsWith(AttributeValue prefix) {
      return term(KeyOperator.BEGINS_WITH, prefix);
    }

    public KeyTerm between(AttributeValue lower, AttributeValue upper) {
      return new KeyTerm(name, KeyOperator.BETWEEN, List.of(lower, upper));
    }

    private KeyTerm term(KeyOperator op, AttributeValue v) {
      return new KeyTerm(name, op, List.of(Objects.requireNonNull(v, "value")));
    }
  }
}

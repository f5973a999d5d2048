package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.internal.PathOverlap;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A typed builder for update expressions, producing the same trees as {@link ExpressionParser}:
 *
 * <pre>{@code
 * Updates.set("price", AttributeValue.n(10))
 *     .set("version", Updates.plus(Updates.path("version"), Updates.value(AttributeValue.n(1))))
 *     .remove("draft")
 *     .build()
 * }</pre>
 */
public final class Updates {
  private Updates() {}

  public static Builder set(String documentPath, AttributeValue value) {
    return new Builder().set(documentPath, value);
  }

  public static Builder set(String documentPath, Operand value) {
    return new Builder().set(documentPath, value);
  }

  public static Builder remove(String documentPath) {
    return new Builder().remove(documentPath);
  }

  public static Builder add(String documentPath, AttributeValue value) {
    return new Builder().add(documentPath, value);
  }

  public static Builder delete(String documentPath, AttributeValue value) {
    return new Builder().delete(documentPath, value);
  }

  public static Path path(String documentPath) {
    return Path.document(documentPath);
  }

  public static Operand.Literal value(AttributeValue value) {
    return new Operand.Literal(value);
  }

  public static Operand plus(Operand left, Operand right) {
    return new Operand.Plus(left, right);
  }

  public static Operand minus(Operand left, Operand right) {
    return new Operand.Minus(left, right);
  }

  public static Operand ifNotExists(String documentPath, AttributeValue fallback) {
    return new Operand.IfNotExists(Path.document(documentPath), value(fallback));
  }

  public static Operand ifNotExists(Path path, Operand fallback) {
    return new Operand.IfNotExists(path, fallback);
  }

  public static Operand listAppend(Operand first, Operand second) {
    return new Operand.ListAppend(first, second);
  }

  /** Collects actions; {@link #build()} checks that their paths are disjoint. */
  public static final class Builder {
    private final List<UpdateExpression.SetAction> sets = new ArrayList<>();
    private final List<UpdateExpression.RemoveAction> removes = new ArrayList<>();
    private final List<UpdateExpression.AddAction> adds = new ArrayList<>();
    private final List<UpdateExpression.DeleteAction> deletes = new ArrayList<>();

    private Builder() {}

    public Builder set(String documentPath, AttributeValue value) {
      return set(documentPath, (Operand) Updates.value(Objects.requireNonNull(value, "value")));
    }

    public Builder set(String documentPath, Operand value) {
      sets.add(new UpdateExpression.SetAction(Path.document(documentPath), value));
      return this;
    }

    public Builder remove(String documentPath) {
      removes.add(new UpdateExpression.RemoveAction(Path.document(documentPath)));
      return this;
    }

    /** ADD a number or set members; other types are rejected at once. */
    public Builder add(String documentPath, AttributeValue value) {
      Objects.requireNonNull(value, "value");
      if (value.type() != AttributeValue.Type.N && !value.type().isSet()) {
        throw new IllegalArgumentException(
            "ADD takes a number or a set, not " + value.type() + ": " + documentPath);
      }
      adds.add(new UpdateExpression.AddAction(Path.document(documentPath), value(value)));
      return this;
    }

    /** DELETE set members; other types are rejected at once. */
    public Builder delete(String documentPath, AttributeValue value) {
      Objects.requireNonNull(value, "value");
      if (!value.type().isSet()) {
        throw new IllegalArgumentException(
            "DELETE takes a set, not " + value.type() + ": " + documentPath);
      }
      deletes.add(new UpdateExpression.DeleteAction(Path.document(documentPath), value(value)));
      return this;
    }

    /**
     * The expression.
     *
     * @throws IllegalStateException when no action was given or two paths overlap
     */
    public UpdateExpression build() {
      if (sets.isEmpty() && removes.isEmpty() && adds.isEmpty() && deletes.isEmpty()) {
        throw new IllegalStateException("an update needs at least one action");
      }
      UpdateExpression u = new UpdateExpression(sets, removes, adds, deletes);
      PathOverlap.firstProblem(u.targetPaths())
          .ifPresent(
              m -> {
                throw new IllegalStateException(m);
              });
      return u;
    }
  }
}

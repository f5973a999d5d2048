package dev.tributary.engine.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed UpdateExpression: its SET, REMOVE, ADD and DELETE actions, each list in the order
 * written. Build one with {@link Updates}; apply it with {@link UpdateApplier}.
 */
public record UpdateExpression(
    List<SetAction> sets,
    List<RemoveAction> removes,
    List<AddAction> adds,
    List<DeleteAction> deletes) {

  public UpdateExpression {
    sets = List.copyOf(Objects.requireNonNull(sets, "sets"));
    removes = List.copyOf(Objects.requireNonNull(removes, "removes"));
    adds = List.copyOf(Objects.requireNonNull(adds, "adds"));
    deletes = List.copyOf(Objects.requireNonNull(deletes, "deletes"));
    if (sets.isEmpty() && removes.isEmpty() && adds.isEmpty() && deletes.isEmpty()) {
      throw new IllegalArgumentException("an update expression has at least one action");
    }
  }

  /** The target path of every action: SET, then REMOVE, ADD, DELETE. */
  public List<Path> targetPaths() {
    List<Path> out = new ArrayList<>();
    sets.forEach(a -> out.add(a.path()));
    removes.forEach(a -> out.add(a.path()));
    adds.forEach(a -> out.add(a.path()));
    deletes.forEach(a -> out.add(a.path()));
    return out;
  }

  /** {@code SET path = value}. */
  public record SetAction(Path path, Operand value) {
    public SetAction {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(value, "value");
      if (value instanceof Operand.Size) {
        throw new IllegalArgumentException("size() is not allowed in an update expression");
      }
    }
  }

  /** {@code REMOVE path}. */
  public record RemoveAction(Path path) {
    public RemoveAction {
      Objects.requireNonNull(path, "path");
    }
  }

  /** {@code ADD path value}: adds to a number or to a set. */
  public record AddAction(Path path, Operand.Literal value) {
    public AddAction {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(value, "value");
    }
  }

  /** {@code DELETE path value}: removes elements from a set. */
  public record DeleteAction(Path path, Operand.Literal value) {
    public DeleteAction {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(value, "value");
    }
  }
}

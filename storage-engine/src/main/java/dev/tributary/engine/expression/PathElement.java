package dev.tributary.engine.expression;

import java.util.Objects;

/** One step of a document path: a map key or a list index. */
public sealed interface PathElement permits PathElement.Name, PathElement.Index {

  /**
   * A map key (or, first in a path, a top-level attribute name), already resolved from {@code #n}.
   */
  record Name(String name) implements PathElement {
    public Name {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A list index, {@code [i]}. */
  record Index(int index) implements PathElement {
    public Index {
      if (index < 0) {
        throw new IllegalArgumentException("list index must not be negative: " + index);
      }
    }

    @Override
    public String toString() {
      return "[" + index + "]";
    }
  }
}

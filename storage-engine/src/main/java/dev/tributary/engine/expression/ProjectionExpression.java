package dev.tributary.engine.expression;

import java.util.List;
import java.util.Objects;

/** A parsed ProjectionExpression: the document paths to return. */
public record ProjectionExpression(List<Path> paths) {
  public ProjectionExpression {
    paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("a projection has at least one path");
    }
  }
}

package dev.tributary.engine.expression;

import java.util.ArrayList;
import java.util.List;

/** Builds projections from document paths: {@code Projection.of("a", "b.c", "d[0]")}. */
public final class Projection {
  private Projection() {}

  public static ProjectionExpression of(String... documentPaths) {
    List<Path> paths = new ArrayList<>(documentPaths.length);
    for (String p : documentPaths) {
      paths.add(Path.document(p));
    }
    return new ProjectionExpression(paths);
  }

  public static ProjectionExpression of(Path... paths) {
    return new ProjectionExpression(List.of(paths));
  }
}

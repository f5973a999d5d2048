package dev.tributary.engine.expression.internal;

import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.PathElement;
import java.util.List;
import java.util.Optional;

/**
 * DynamoDB's rule that the paths of one update or projection must be disjoint: neither may be a
 * prefix of the other ("overlap"), nor may one use a map key where the other uses a list index
 * ("conflict").
 */
public final class PathOverlap {
  private PathOverlap() {}

  /** The message for the first offending pair, in the order written. */
  public static Optional<String> firstProblem(List<Path> paths) {
    for (int i = 0; i < paths.size(); i++) {
      for (int j = i + 1; j < paths.size(); j++) {
        Optional<String> problem = problem(paths.get(i), paths.get(j));
        if (problem.isPresent()) {
          return problem;
        }
      }
    }
    return Optional.empty();
  }

  static Optional<String> problem(Path one, Path two) {
    int common = Math.min(one.depth(), two.depth());
    for (int k = 0; k < common; k++) {
      PathElement a = one.element(k);
      PathElement b = two.element(k);
      if (a.getClass() != b.getClass()) {
        return Optional.of(message("conflict", one, two));
      }
      if (!a.equals(b)) {
        return Optional.empty();
      }
    }
    return Optional.of(message("overlap", one, two));
  }

  private static String message(String what, Path one, Path two) {
    return "Two document paths "
        + what
        + " with each other; must remove or rewrite one of these paths; path one: "
        + one.describe()
        + ", path two: "
        + two.describe();
  }
}

package dev.tributary.worker.config.internal;

import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one file, so the user sees them all at once. */
public final class Problems {
  private final String file;
  private final YamlDocument doc;
  private final List<ConfigProblem> found = new ArrayList<>();

  public Problems(String file, YamlDocument doc) {
    this.file = file;
    this.doc = doc;
  }

  public void add(String pointer, String field, String message) {
    int[] at = doc == null ? new int[] {0, 0} : doc.location(pointer);
    found.add(new ConfigProblem(file, at[0], at[1], field, message));
  }

  /** A problem at a known line and column (a syntax error, before there is a tree). */
  public void addAt(int line, int column, String message) {
    found.add(new ConfigProblem(file, line, column, "", message));
  }

  public int count() {
    return found.size();
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws a {@link ConfigException} with every problem, in file order, if there is one. */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      List<ConfigProblem> sorted = new ArrayList<>(found);
      sorted.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
      throw new ConfigException(sorted);
    }
  }
}

package dev.tributary.worker.config.internal;

import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.ConfigProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of one file, so the user sees them all at once. */
public final class Problems {
  private final String file;
  private final YamlDocument doc;
  private final List<ConfigProblem> found = new ArrayList<>();

  /**
   * Where a problem is already the whole story (an unset variable): what follows from it is not
   * news.
   */
  private final Set<String> settled = new HashSet<>();

  private int quieted;

  public Problems(String file, YamlDocument doc) {
    this.file = file;
    this.doc = doc;
  }

  public void add(String pointer, String field, String message) {
    if (settled.contains(pointer)) {
      quieted++; // still a problem: a reader that checks count() must not build on the value
      return;
    }
    int[] at = doc == null ? new int[] {0, 0} : doc.location(pointer);
    found.add(new ConfigProblem(file, at[0], at[1], field, message));
  }

  /**
   * A problem that explains any other at {@code pointer}: an unset environment variable leaves an
   * empty value there, which a reader would report again as empty or not a number.
   */
  public void addCause(String pointer, String field, String message) {
    add(pointer, field, message);
    settled.add(pointer);
  }

  /** A problem at a known line and column (a syntax error, before there is a tree). */
  public void addAt(int line, int column, String message) {
    found.add(new ConfigProblem(file, line, column, "", message));
  }

  /** Problems found so far, including those an earlier one explains. */
  public int count() {
    return found.size() + quieted;
  }

  public boolean isEmpty() {
    return found.isEmpty();
  }

  /** Throws a {@link ConfigException} with every problem, in file order, if there is one. */
  public void throwIfAny() {
    if (!found.isEmpty()) {
      List<ConfigProblem> sorted = new ArrayList<>(found);
      sorted.sort(
          Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
      throw new ConfigException(sorted);
    }
  }
}

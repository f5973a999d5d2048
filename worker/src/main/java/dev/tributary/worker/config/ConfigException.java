package dev.tributary.worker.config;

import dev.tributary.core.FatalException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file that cannot be used, with every problem found in it (file, line, field and
 * message each). The message is one line: the problems joined by {@code "; "}.
 */
public final class ConfigException extends FatalException {
  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    String all = problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; "));
    return problems.size() == 1 ? all : problems.size() + " problems: " + all;
  }
}

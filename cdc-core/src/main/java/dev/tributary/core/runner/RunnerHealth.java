package dev.tributary.core.runner;

import java.util.Objects;
import java.util.Optional;

/**
 * How this process's runner of a lane is doing, as {@link
 * dev.tributary.core.runner.PipelineRuntime} sees it: it restarts a runner that stopped on an
 * unexpected or retriable error, with back-off and a bound, and leaves a lane stopped only for a
 * fatal error (or when the bound is reached).
 *
 * @param state where the runner stands
 * @param restarts how many times the runner has been restarted since the runtime started
 * @param lastError the error that last stopped the runner (class and message), if one did
 */
public record RunnerHealth(State state, int restarts, Optional<String> lastError) {
  /** The runner's state. */
  public enum State {
    /** Not known here: the lane's runners run elsewhere, or the status came from {@link Lanes}. */
    UNKNOWN,
    /** Delivering. */
    RUNNING,
    /** Stopped on an error; a new runner starts after a back-off. */
    RESTARTING,
    /** Stopped for good: a fatal error, or too many restarts in a row. The lane is not served. */
    FAILED
  }

  private static final RunnerHealth UNKNOWN = new RunnerHealth(State.UNKNOWN, 0, Optional.empty());

  public RunnerHealth {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lastError, "lastError");
    if (restarts < 0) {
      throw new IllegalArgumentException("restarts must be >= 0, was " + restarts);
    }
  }

  public static RunnerHealth unknown() {
    return UNKNOWN;
  }
}

package dev.tributary.core.runner;

import dev.tributary.core.TributaryException;
import dev.tributary.core.pipeline.LaneSpec;

/**
 * A runner stopped on its own: the handler threw a {@link dev.tributary.core.FatalException}, or
 * Kafka fenced the runner's transactional producer. The batch in flight was not committed; another
 * runner of the lane (or this one, restarted) delivers it again.
 */
public class RunnerStoppedException extends TributaryException {
  public RunnerStoppedException(LaneSpec lane, Throwable cause) {
    super(
        "Runner of lane " + (lane == null ? "?" : lane.laneTopic()) + " stopped: " + cause, cause);
  }
}

package dev.tributary.core.runner.internal;

import dev.tributary.core.FatalException;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.runner.RunnerHealth;
import dev.tributary.core.runner.RunnerStats;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one lane served in this process: starts its runner, and when the runner stops on an error
 * that a fresh runner may not meet again (the cluster away, a handler's open failing, a bug that
 * depends on data in flight) starts a new one after a back-off, up to the policy's attempts in a
 * row. Exactly-once makes that safe: the failed runner committed nothing after its last commit, so
 * the new one redelivers from there. A fatal error (the handler's {@link FatalException}, a fenced
 * or unauthorized producer, an {@link Error}) is not retried: the lane stays stopped and says why.
 * {@link #check} is called periodically by one thread.
 */
public final class LaneSupervisor {
  private static final Logger log = LoggerFactory.getLogger(LaneSupervisor.class);

  private final LaneSpec lane;
  private final Supplier<HandlerRunner> starter;
  private final RetryPolicy restarts;
  private HandlerRunner current;
  private long startedNanos;
  private RunnerStats finished = new RunnerStats(0, 0, 0, 0, 0, 0, 0, 0);
  private int restartCount;
  private int inARow;
  private long restartAtNanos = -1;
  private Throwable lastFailure;
  private boolean failed;
  private boolean closed;

  public LaneSupervisor(LaneSpec lane, Supplier<HandlerRunner> starter, RetryPolicy restarts) {
    this.lane = lane;
    this.starter = starter;
    this.restarts = restarts;
  }

  /** Starts the first runner; a failure here fails the caller's start. */
  public synchronized void start() {
    current = starter.get();
    startedNanos = System.nanoTime();
  }

  public LaneSpec lane() {
    return lane;
  }

  /** Notices a runner that stopped on its own and restarts it when its back-off is over. */
  public synchronized void check(long nowNanos) {
    if (closed || failed) {
      return;
    }
    if (current != null
        && current.state() == HandlerRunner.State.STOPPED
        && current.failure().isPresent()) {
      Throwable error = current.failure().get();
      finished = plus(finished, current.stats());
      current = null;
      stopped(error, nowNanos);
    }
    if (current == null && restartAtNanos >= 0 && nowNanos >= restartAtNanos) {
      restartAtNanos = -1;
      try {
        current = starter.get();
        startedNanos = nowNanos;
        restartCount++;
        log.info("Lane {}: runner restarted (restart {})", lane.laneTopic(), restartCount);
      } catch (RuntimeException e) {
        stopped(e, nowNanos);
      }
    }
  }

  private void stopped(Throwable error, long nowNanos) {
    lastFailure = error;
    if (isFatal(error)) {
      failed = true;
      log.error(
          "Lane {}: runner stopped on a fatal error; the lane is not served until restarted: {}",
          lane.laneTopic(),
          describe(error));
      return;
    }
    // A runner that ran well for a while starts a new series of attempts.
    if (nowNanos - startedNanos > 2 * restarts.maxBackoff().toNanos()) {
      inARow = 0;
    }
    if (inARow >= restarts.maxAttempts()) {
      failed = true;
      log.error(
          "Lane {}: runner failed {} times in a row, not restarting it again: {}",
          lane.laneTopic(),
          inARow + 1,
          describe(error));
      return;
    }
    inARow++;
    long base = restarts.backoffAfter(inARow).toNanos();
    long wait =
        (long) (base * (1.0 - restarts.jitter() * ThreadLocalRandom.current().nextDouble()));
    restartAtNanos = nowNanos + wait;
    log.warn(
        "Lane {}: runner stopped on an error, restarting it in {} ms (attempt {} of {}): {}",
        lane.laneTopic(),
        wait / 1_000_000,
        inARow,
        restarts.maxAttempts(),
        describe(error));
  }

  /** Errors a new runner would meet again, or that mean another process owns the lane now. */
  static boolean isFatal(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof FatalException
          || t instanceof ProducerFencedException
          || t instanceof AuthorizationException
          || t instanceof UnsupportedVersionException
          || t instanceof Error) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  public synchronized RunnerHealth health() {
    RunnerHealth.State state =
        failed
            ? RunnerHealth.State.FAILED
            : current != null && current.state() != HandlerRunner.State.STOPPED
                ? RunnerHealth.State.RUNNING
                : RunnerHealth.State.RESTARTING;
    return new RunnerHealth(
        state, restartCount, Optional.ofNullable(lastFailure).map(LaneSupervisor::describe));
  }

  /** Why the lane stopped for good, if it did. */
  public synchronized Optional<Throwable> failure() {
    return failed ? Optional.ofNullable(lastFailure) : Optional.empty();
  }

  /** What every runner of this lane in this process has done, restarts included. */
  public synchronized RunnerStats stats() {
    return current == null ? finished : plus(finished, current.stats());
  }

  /** The lane partitions the current runner owns now (none while it is being restarted). */
  public synchronized Set<Integer> assignment() {
    return current == null ? Set.of() : current.assignment();
  }

  /** Stops restarting and closes the current runner (it finishes and commits its batch). */
  public void close() {
    HandlerRunner toClose;
    synchronized (this) {
      closed = true;
      toClose = current;
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  private static String describe(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = t.getClass().getName() + ": " + t.getMessage();
    return root == t ? message : message + " (cause: " + root + ")";
  }

  private static RunnerStats plus(RunnerStats a, RunnerStats b) {
    return new RunnerStats(
        a.delivered() + b.delivered(),
        a.batches() + b.batches(),
        a.retries() + b.retries(),
        a.redelivered() + b.redelivered(),
        a.bisections() + b.bisections(),
        a.deadLettered() + b.deadLettered(),
        a.commits() + b.commits(),
        a.succeeded() + b.succeeded());
  }
}

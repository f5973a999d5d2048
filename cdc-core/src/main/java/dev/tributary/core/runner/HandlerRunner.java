package dev.tributary.core.runner;

import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.runner.internal.RunLoop;
import dev.tributary.core.runner.internal.RunnerCounters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one lane (one handler of one pipeline) in this process: a {@code read_committed} consumer
 * in the lane's group, batches per partition by the lane's {@link
 * dev.tributary.core.pipeline.Batching}, the handler, retries per its {@link
 * dev.tributary.core.pipeline.RetryPolicy}, and commits. Several runners, in one process or many,
 * share a lane through its consumer group.
 *
 * <p>Exactly-once, as DESIGN.md states it: a record's offset is committed only after its effect
 * succeeded or it was dead-lettered, and the dead-letter records and the offsets are written in one
 * Kafka transaction. Offsets advance over the contiguous prefix of resolved records only, so a
 * crash loses nothing; what was done but not committed is delivered again with the same {@code
 * eventID}. Per-key order always holds.
 *
 * <p>Failures: events the handler reports failed are retried alone; a batch that throws is retried
 * whole, or split in halves first when bisection is on; a {@link
 * dev.tributary.core.BadRecordException} dead-letters at once; exhausted attempts or events older
 * than the max event age are dead-lettered; a {@link dev.tributary.core.FatalException} stops the
 * runner without committing. Without key isolation a failing event blocks its partition (as a
 * failing record blocks a DynamoDB stream shard for Lambda), and once it is dead-lettered its key's
 * later events go on. With key isolation only its key waits while other keys flow, and once it is
 * dead-lettered the key stays parked: its later events follow it to the dead-letter topic (header
 * {@link dev.tributary.core.kafka.DeadLetterHeaders#PARKED_BEHIND}) so a replay can apply them in
 * order. Parked keys are committed with the offsets (in the offset metadata), so they survive
 * restarts.
 *
 * <p>Lifecycle: {@link State#NEW} → {@link #start()} → {@link State#RUNNING} → {@link #close()} →
 * {@link State#STOPPING} (the batch in flight finishes and is committed) → {@link State#STOPPED}.
 */
public final class HandlerRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HandlerRunner.class);

  /** Lifecycle; changed by compare-and-set, only forward. */
  public enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final LaneSpec lane;
  private final String runnerId;
  private final RunnerCounters counters = new RunnerCounters();
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final RunLoop loop;
  private final Thread thread;

  private HandlerRunner(Builder b) {
    this.lane = b.lane;
    this.runnerId = b.runnerId;
    this.loop = new RunLoop(lane, b.clientConfig, runnerId, counters, this::stopRequested);
    this.thread =
        new Thread(
            this::runLoop,
            "tributary-runner-" + lane.pipeline() + "." + lane.handler() + "-" + runnerId);
  }

  /** A runner of {@code lane} on the cluster at {@code bootstrapServers}. */
  public static Builder builder(LaneSpec lane, String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    return new Builder(lane)
        .clientConfig(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /** Joins the lane's group and starts delivering on the runner's own thread. */
  public HandlerRunner start() {
    transition(State.NEW, State.RUNNING);
    thread.start();
    return this;
  }

  public State state() {
    return state.get();
  }

  public LaneSpec lane() {
    return lane;
  }

  public String runnerId() {
    return runnerId;
  }

  /** Why the runner stopped on its own, if it did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** The lane partitions this runner owns now. */
  public Set<Integer> assignment() {
    return loop.assignment();
  }

  public RunnerStats stats() {
    return new RunnerStats(
        counters.delivered(),
        counters.batches(),
        counters.retries(),
        counters.redelivered(),
        counters.bisections(),
        counters.deadLettered(),
        counters.commits(),
        counters.succeeded());
  }

  /**
   * Finishes the batch in flight, commits what is resolved, leaves the group (so other runners take
   * the partitions at once) and closes the handler. Waits up to 60 seconds; idempotent.
   */
  @Override
  public void close() {
    if (state.compareAndSet(State.NEW, State.STOPPED)) {
      stopped.countDown();
      return;
    }
    state.compareAndSet(State.RUNNING, State.STOPPING);
    if (thread != Thread.currentThread()) {
      awaitStopped(Duration.ofSeconds(60));
    }
  }

  /** Waits until the runner has stopped (after {@link #close()} or on its own). */
  public boolean awaitStopped(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean stopRequested() {
    return state.get() != State.RUNNING;
  }

  private void runLoop() {
    try {
      loop.run();
    } catch (Throwable t) {
      failure.set(t);
      // Logged once here, where the runner's failure is handled.
      log.error("Runner {} of lane {} stopped on error", runnerId, lane.laneTopic(), t);
    } finally {
      state.set(State.STOPPED);
      stopped.countDown();
    }
  }

  private void transition(State from, State to) {
    if (!state.compareAndSet(from, to)) {
      throw new IllegalStateException(
          "Runner "
              + runnerId
              + " cannot go from "
              + state.get()
              + " to "
              + to
              + " (expected "
              + from
              + ")");
    }
  }

  /** Options of a runner; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final LaneSpec lane;
    private final Map<String, Object> clientConfig = new HashMap<>();
    private String runnerId = UUID.randomUUID().toString().substring(0, 8);

    private Builder(LaneSpec lane) {
      this.lane = Objects.requireNonNull(lane, "lane");
    }

    /**
     * This runner's name within the lane, part of its transactional id. Give a restarted runner the
     * same id and it fences its predecessor at once; two live runners must not share one.
     */
    public Builder runnerId(String runnerId) {
      Objects.requireNonNull(runnerId, "runnerId");
      if (!runnerId.matches("[a-zA-Z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "runnerId '" + runnerId + "' must be 1-64 characters of [a-zA-Z0-9._-]");
      }
      this.runnerId = runnerId;
      return this;
    }

    /** A Kafka client setting for the runner's consumer, producer and admin client. */
    public Builder clientConfig(String key, Object value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      clientConfig.put(key, value);
      return this;
    }

    public Builder clientConfig(Map<String, ?> config) {
      Objects.requireNonNull(config, "config");
      config.forEach(this::clientConfig);
      return this;
    }

    public HandlerRunner build() {
      return new HandlerRunner(this);
    }

    public HandlerRunner start() {
      return build().start();
    }
  }
}

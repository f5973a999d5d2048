package dev.tributary.core.replay;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.replay.internal.DeadLetterWriter;
import dev.tributary.core.runner.internal.ReportedFailure;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers history to one handler outside its runners, on the caller's thread: in batches of the
 * lane's {@link dev.tributary.core.pipeline.Batching#maxRecords()}, with the lane's {@link
 * RetryPolicy} and bisection, in the order offered. Events the handler reports failed are delivered
 * again from the first failed one on, so per-key order holds; an event that exhausts its attempts
 * (or is a {@link BadRecordException}) goes to the lane's dead-letter topic, marked as a replay's;
 * a {@link FatalException} stops the delivery. The retry policy's max event age does not apply:
 * history is old by design. Snapshot events skip a handler that does not take them.
 *
 * <p>In a dry run nothing reaches the handler (none is created) nor the dead-letter topic: each
 * event that would be delivered goes to the dry-run sink instead.
 */
public final class Redelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Redelivery.class);

  private final LaneSpec lane;
  private final Optional<Consumer<? super ChangeEvent>> dryRun;
  private final ProgressListener progress;
  private final ChangeHandler handler;
  private final DeadLetterWriter deadLetters;
  private final List<HistoryRecord> buffer = new ArrayList<>();
  private long totalEstimate = -1;
  private long offered;
  private long delivered;
  private long skippedSnapshots;
  private long batches;
  private long retries;
  private long deadLettered;

  private Redelivery(Builder b) throws Exception {
    this.lane = b.lane;
    this.dryRun = Optional.ofNullable(b.dryRun);
    this.progress = b.progress;
    if (dryRun.isPresent()) {
      this.handler = null;
      this.deadLetters = null;
    } else {
      this.handler = Objects.requireNonNull(lane.handlerFactory().get(), "handler factory returned null");
      DeadLetterWriter writer = null;
      try {
        handler.open(context());
        writer = new DeadLetterWriter(b.clientConfig, lane.deadLetterTopic());
      } catch (Exception e) {
        closeHandler();
        throw e;
      }
      this.deadLetters = writer;
    }
  }

  /** A delivery to {@code lane}'s handler; {@link Builder#open()} creates and opens the handler. */
  public static Builder builder(LaneSpec lane) {
    return new Builder(lane);
  }

  /** The estimate passed on to the progress listener (-1: unknown). */
  public void totalEstimate(long estimate) {
    this.totalEstimate = estimate;
  }

  /** Adds an event; delivers a batch once the lane's batch size is reached. */
  public void offer(HistoryRecord record) {
    Objects.requireNonNull(record, "record");
    offered++;
    buffer.add(record);
    if (buffer.size() >= lane.batching().maxRecords()) {
      flush();
    }
  }

  /** Delivers what is buffered, with retries, and waits for its dead letters. */
  public void flush() {
    if (buffer.isEmpty()) {
      return;
    }
    List<HistoryRecord> batch = List.copyOf(buffer);
    buffer.clear();
    List<HistoryRecord> deliverable = new ArrayList<>(batch.size());
    for (HistoryRecord r : batch) {
      if (r.event().snapshot() && !takesSnapshots()) {
        skippedSnapshots++;
      } else {
        deliverable.add(r);
      }
    }
    if (dryRun.isPresent()) {
      deliverable.forEach(r -> dryRun.get().accept(r.event()));
      delivered += deliverable.size();
    } else if (!deliverable.isEmpty()) {
      deliver(deliverable);
      deadLetters.await();
    }
    progress.progress(offered, Math.max(totalEstimate, offered));
  }

  public RedeliveryStats stats() {
    return new RedeliveryStats(offered, delivered, skippedSnapshots, batches, retries, deadLettered);
  }

  private boolean takesSnapshots() {
    return handler == null || handler.wantsSnapshotEvents();
  }

  /** Resolves every event of {@code batch}: delivered, or dead-lettered. */
  private void deliver(List<HistoryRecord> batch) {
    int[] failures = new int[batch.size()];
    long[] firstFailure = new long[batch.size()];
    int from = 0;
    while (from < batch.size()) {
      List<HistoryRecord> part = batch.subList(from, batch.size());
      int attempt = 1;
      for (int i = from; i < batch.size(); i++) {
        attempt = Math.max(attempt, failures[i] + 1);
      }
      Outcome outcome = attempt(part, attempt);
      if (outcome.failedAt < 0) {
        delivered += part.size();
        return;
      }
      int failed = from + outcome.failedAt;
      delivered += outcome.failedAt; // what preceded the first failure is done
      long now = System.currentTimeMillis();
      failures[failed]++;
      if (firstFailure[failed] == 0) {
        firstFailure[failed] = now;
      }
      boolean bad = outcome.error instanceof BadRecordException;
      if (bad || failures[failed] >= lane.retry().maxAttempts()) {
        HistoryRecord r = batch.get(failed);
        log.warn(
            "Replay to {}: giving up on event {} from {} after {} attempt(s): {}",
            lane.laneTopic(), r.event().eventId(), r.source(), failures[failed],
            outcome.error.toString());
        deadLetters.send(r, ChangeEventSerde.toBytes(r.event()), outcome.error, failures[failed], firstFailure[failed]);
        deadLettered++;
        from = failed + 1;
      } else {
        retries += batch.size() - failed;
        sleep(failures[failed]);
        from = failed;
      }
    }
  }

  /** Where a delivery failed first (-1: it did not) and why. */
  private record Outcome(int failedAt, Throwable error) {}

  private Outcome attempt(List<HistoryRecord> part, int attempt) {
    List<ChangeEvent> events = new ArrayList<>(part.size());
    part.forEach(r -> events.add(r.event()));
    batches++;
    BatchResult result;
    try {
      result = handler.handle(List.copyOf(events), context(part, attempt));
      if (result == null) {
        throw new IllegalStateException("handler " + lane.handler() + " returned null");
      }
    } catch (FatalException e) {
      throw e;
    } catch (Exception e) {
      if (lane.bisectOnFailure() && part.size() > 1) {
        return bisect(part, attempt);
      }
      return new Outcome(0, e);
    }
    if (result.isSuccess()) {
      return new Outcome(-1, null);
    }
    Set<String> failed = new HashSet<>(result.failedEventIds());
    for (int i = 0; i < part.size(); i++) {
      String id = part.get(i).event().eventId();
      if (failed.contains(id)) {
        return new Outcome(i, new ReportedFailure(lane.handler(), result.failureReason(id)));
      }
    }
    return new Outcome(-1, null); // it named no event of the batch
  }

  /** The first half, then the second: a failure in the first ends the attempt there. */
  private Outcome bisect(List<HistoryRecord> part, int attempt) {
    int mid = part.size() / 2;
    Outcome first = attempt(part.subList(0, mid), attempt);
    if (first.failedAt >= 0) {
      return first;
    }
    Outcome second = attempt(part.subList(mid, part.size()), attempt);
    return second.failedAt < 0 ? second : new Outcome(mid + second.failedAt, second.error);
  }

  private void sleep(int failures) {
    RetryPolicy retry = lane.retry();
    long base = retry.backoffAfter(failures).toMillis();
    long wait = (long) (base * (1.0 - retry.jitter() * ThreadLocalRandom.current().nextDouble()));
    try {
      Thread.sleep(Math.max(0, wait));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted while replaying to " + lane.laneTopic(), e);
    }
  }

  /** Closes the handler and the dead-letter producer; buffered events are not delivered. */
  @Override
  public void close() {
    if (!buffer.isEmpty()) {
      log.warn("Replay to {}: closed with {} events not delivered", lane.laneTopic(), buffer.size());
      buffer.clear();
    }
    if (deadLetters != null) {
      deadLetters.close();
    }
    closeHandler();
  }

  private void closeHandler() {
    if (handler != null) {
      try {
        handler.close();
      } catch (Exception e) {
        log.warn("Replay to {}: closing the handler failed", lane.laneTopic(), e);
      }
    }
  }

  private HandlerContext context() {
    String pipeline = lane.pipeline();
    String name = lane.handler();
    return new HandlerContext() {
      @Override
      public String pipeline() {
        return pipeline;
      }

      @Override
      public String handler() {
        return name;
      }
    };
  }

  private BatchContext context(List<HistoryRecord> part, int attempt) {
    String pipeline = lane.pipeline();
    String name = lane.handler();
    HistoryRecord first = part.get(0);
    HistoryRecord last = part.get(part.size() - 1);
    return new BatchContext() {
      @Override
      public String pipeline() {
        return pipeline;
      }

      @Override
      public String handler() {
        return name;
      }

      @Override
      public int attempt() {
        return attempt;
      }

      @Override
      public int partition() {
        return first.partition();
      }

      @Override
      public long firstOffset() {
        return first.offset();
      }

      @Override
      public long lastOffset() {
        return last.offset();
      }
    };
  }

  /** Options of a {@link Redelivery}. */
  public static final class Builder {
    private final LaneSpec lane;
    private Map<String, Object> clientConfig;
    private Consumer<? super ChangeEvent> dryRun;
    private ProgressListener progress = ProgressListener.NONE;

    private Builder(LaneSpec lane) {
      this.lane = Objects.requireNonNull(lane, "lane");
    }

    /** Kafka client settings (at least {@code bootstrap.servers}) for the dead-letter producer. */
    public Builder clientConfig(Map<String, ?> config) {
      Objects.requireNonNull(config, "clientConfig");
      this.clientConfig = Map.copyOf(config);
      return this;
    }

    /** Sends the events that would be delivered to {@code sink} instead of the handler. */
    public Builder dryRun(Consumer<? super ChangeEvent> sink) {
      this.dryRun = Objects.requireNonNull(sink, "dryRun");
      return this;
    }

    public Builder progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "progress");
      return this;
    }

    /** Creates and opens the handler (none in a dry run). */
    public Redelivery open() {
      if (dryRun == null && clientConfig == null) {
        throw new IllegalStateException(
            "redelivery to " + lane.laneTopic() + ": clientConfig is required (dead letters)");
      }
      try {
        return new Redelivery(this);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new FatalException(
            "Handler " + lane.handler() + " of pipeline " + lane.pipeline() + " failed to open: " + e, e);
      }
    }
  }
}

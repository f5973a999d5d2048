package dev.tributary.core.runner.internal;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one batch of one partition to the handler and records each record's outcome: done,
 * waiting for a retry (with back-off), or dead (to the dead-letter topic). When bisection is on, a
 * batch that throws is split in halves, recursively, so the bad records are found and the good ones
 * are not held back; halves do not count as attempts, only single failing records do.
 */
final class BatchDelivery {
  private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

  private final LaneSpec lane;
  private final ChangeHandler handler;
  private final RunnerCounters counters;
  private final Caller caller;

  BatchDelivery(LaneSpec lane, ChangeHandler handler, RunnerCounters counters, Caller caller) {
    this.lane = lane;
    this.handler = handler;
    this.counters = counters;
    this.caller = caller;
  }

  /** Who delivers: a runner and a replay differ in these two rules only. */
  enum Caller {
    /**
     * A lane runner: the retry policy's max event age gives up on old events, and what followed an
     * event given up on in its batch, and succeeded there, is done.
     */
    RUNNER,
    /**
     * A replay of history: no max event age (history is old by design), and what followed an event
     * given up on in its batch is delivered again after it, as after an event that is retried.
     */
    REPLAY
  }

  /** Thrown when the handler reports a fatal error: the runner stops without committing. */
  static final class StopRunner extends RuntimeException {
    StopRunner(Throwable cause) {
      super(cause);
    }
  }

  void deliver(PartitionQueue queue, List<Pending> batch) {
    List<Pending> deliverable = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      if (!handler.wantsSnapshotEvents() && p.event.snapshot()) {
        p.status = Pending.Status.DONE; // not for this handler: done without delivery
        counters.skipped.increment();
      } else {
        deliverable.add(p);
      }
    }
    if (!deliverable.isEmpty()) {
      attempt(queue, deliverable);
    }
  }

  private void attempt(PartitionQueue queue, List<Pending> batch) {
    List<ChangeEvent> events = new ArrayList<>(batch.size());
    int attempt = 1;
    for (Pending p : batch) {
      events.add(p.event);
      attempt = Math.max(attempt, p.failures + 1);
    }
    BatchResult result;
    counters.batches.increment();
    counters.delivered.add(batch.size());
    try {
      result = handler.handle(List.copyOf(events), context(batch, attempt));
      if (result == null) {
        throw new IllegalStateException("handler " + lane.handler() + " returned null");
      }
    } catch (FatalException e) {
      throw new StopRunner(e);
    } catch (Exception e) {
      if (lane.bisectOnFailure() && batch.size() > 1) {
        bisect(queue, batch);
      } else if (e instanceof BadRecordException) {
        long now = System.currentTimeMillis();
        for (Pending p : batch) {
          p.failed(e, now);
          queue.deadLetter(p, e, now);
        }
      } else {
        failAll(queue, batch, e);
      }
      return;
    }
    applyResult(queue, batch, result);
  }

  private void bisect(PartitionQueue queue, List<Pending> batch) {
    counters.bisections.increment();
    int mid = batch.size() / 2;
    List<Pending> first = batch.subList(0, mid);
    attempt(queue, first);
    // Second half: only what is still waiting and not now stuck behind a failure of the first.
    Set<Pending> second = Collections.newSetFromMap(new IdentityHashMap<>());
    second.addAll(batch.subList(mid, batch.size()));
    List<Pending> rest = new ArrayList<>();
    for (Pending p : batch.subList(mid, batch.size())) {
      if (p.status == Pending.Status.WAITING && !queue.blockedBehindFailure(p, second)) {
        rest.add(p);
      } else {
        second.remove(p);
      }
    }
    if (!rest.isEmpty()) {
      attempt(queue, rest);
    }
  }

  private void failAll(PartitionQueue queue, List<Pending> batch, Exception e) {
    long now = System.currentTimeMillis();
    for (Pending p : batch) {
      fail(queue, p, e, now);
    }
  }

  private void applyResult(PartitionQueue queue, List<Pending> batch, BatchResult result) {
    Set<String> failed = new HashSet<>(result.failedEventIds());
    Map<String, String> deadLetters = result.deadLetters();
    long now = System.currentTimeMillis();
    List<Pending> redeliver = new ArrayList<>();
    for (Pending p : batch) {
      String deadLetterReason = deadLetters.get(p.eventId());
      if (deadLetterReason != null) {
        // A permanent error of this event, says the handler: no retries.
        BadRecordException error =
            new BadRecordException(
                "Handler "
                    + lane.handler()
                    + " dead-lettered event "
                    + p.eventId()
                    + ": "
                    + deadLetterReason);
        p.failed(error, now);
        log.warn(
            "Lane {} partition {} offset {} event {}: dead-lettered by the handler: {}",
            lane.laneTopic(),
            p.record.partition(),
            p.offset(),
            p.eventId(),
            deadLetterReason);
        queue.deadLetter(p, error, now);
      } else if (failed.contains(p.eventId())) {
        fail(queue, p, new ReportedFailure(lane.handler(), result.failureReason(p.eventId())), now);
        if (p.status == Pending.Status.WAITING || caller == Caller.REPLAY) {
          redeliver.addAll(queue.laterInBatch(batch, p));
        }
      } else {
        p.status = Pending.Status.DONE;
        counters.succeeded.increment();
      }
    }
    // Per-key order: what followed a record that will be retried is delivered again after it.
    for (Pending p : redeliver) {
      if (p.status == Pending.Status.DONE) {
        p.status = Pending.Status.WAITING;
        counters.redelivered.increment();
      }
    }
  }

  private void fail(PartitionQueue queue, Pending p, Throwable error, long nowMillis) {
    p.failed(error, nowMillis);
    RetryPolicy retry = lane.retry();
    boolean tooOld =
        caller == Caller.RUNNER
            && retry.maxEventAge().isPresent()
            && nowMillis - p.record.timestamp() > retry.maxEventAge().get().toMillis();
    if (p.failures >= retry.maxAttempts() || tooOld) {
      log.warn(
          "Lane {} partition {} offset {} event {}: giving up after {} attempt(s){}: {}",
          lane.laneTopic(),
          p.record.partition(),
          p.offset(),
          p.eventId(),
          p.failures,
          tooOld ? " (older than max event age)" : "",
          error.toString());
      queue.deadLetter(p, error, nowMillis);
    } else {
      p.status = Pending.Status.WAITING;
      p.dueNanos = System.nanoTime() + Backoff.nanosAfter(retry, p.failures);
      counters.retries.increment();
    }
  }

  private BatchContext context(List<Pending> batch, int attempt) {
    long first = batch.get(0).offset();
    long last = batch.get(batch.size() - 1).offset();
    int partition = batch.get(0).record.partition(); // the queue's, or where history was read
    return BatchContext.of(lane.pipeline(), lane.handler(), attempt, partition, first, last);
  }
}

package dev.tributary.core.runner.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.pipeline.LaneSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The runners' delivery ({@link BatchDelivery} over a {@link PartitionQueue}) driven on the
 * caller's thread, for events that do not come from a lane poll: what a replay or a backfill uses.
 * The events added are delivered in the order added, in the lane's batches, with its retries and
 * back-off (the caller's thread waits them out), bisection, per-key order and key isolation, and
 * the handler's own dead-letter reports, as a runner would deliver them but for the two rules of
 * {@link BatchDelivery.Caller#REPLAY}: no max event age, and what followed an event given up on in
 * its batch is delivered again after it. Not thread-safe.
 */
public final class CallerThreadDelivery {
  private final LaneSpec lane;
  private final RunnerCounters counters = new RunnerCounters();
  private final BatchDelivery delivery;
  private final PartitionQueue queue;
  private long done;
  private long dead;

  /** Delivers to {@code handler}, opened by the caller, with {@code lane}'s options. */
  public CallerThreadDelivery(LaneSpec lane, ChangeHandler handler) {
    this.lane = Objects.requireNonNull(lane, "lane");
    this.delivery =
        new BatchDelivery(
            lane,
            Objects.requireNonNull(handler, "handler"),
            counters,
            BatchDelivery.Caller.REPLAY);
    // One queue for the whole delivery, so a key parked behind a dead letter stays parked.
    this.queue =
        new PartitionQueue(
            new TopicPartition(lane.laneTopic(), 0), lane.isolateFailingKeys(), Map.of());
  }

  /**
   * Adds an event to deliver; {@code origin} says where it was read (topic, partition, offset, key,
   * headers, timestamp or none) for the handler's batch context and the dead-letter headers. Its
   * value may be null: the event is serialized if it is dead-lettered.
   */
  public void add(ConsumerRecord<byte[], byte[]> origin, ChangeEvent event) {
    queue.add(new Pending(origin, event, System.nanoTime()));
  }

  /**
   * Delivers what was added until every event is done or given up on, and returns the dead-letter
   * records of the latter (to the lane's dead-letter topic, with the runners' headers), in order. A
   * {@link FatalException} of the handler is rethrown; an interrupt is one too.
   */
  public List<ProducerRecord<byte[], byte[]>> deliverAll() {
    try {
      while (true) {
        List<Pending> batch = queue.nextBatch(lane.batching(), System.nanoTime(), true);
        if (!batch.isEmpty()) {
          delivery.deliver(queue, batch);
          continue;
        }
        long wake = queue.nextRetryNanos();
        if (wake == Long.MAX_VALUE) {
          break; // nothing unresolved is left
        }
        sleepUntil(wake);
      }
    } catch (BatchDelivery.StopRunner stop) {
      throw stop.getCause() instanceof RuntimeException r
          ? r
          : new FatalException(stop.getCause().toString(), stop.getCause());
    }
    PartitionQueue.CommitPlan plan = queue.planCommit(-1);
    queue.applyCommit(plan);
    List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>(plan.dead().size());
    for (Pending p : plan.dead()) {
      letters.add(DeadLetters.of(p, lane.deadLetterTopic()));
    }
    dead += letters.size();
    done += plan.prefix() - letters.size();
    return letters;
  }

  private void sleepUntil(long nanos) {
    long wait = nanos - System.nanoTime();
    if (wait <= 0) {
      return;
    }
    try {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted while delivering to " + lane.laneTopic(), e);
    }
  }

  /** Handler calls so far. */
  public long batches() {
    return counters.batches();
  }

  /** Events delivered again after a failure (their own, or an earlier one's in their batch). */
  public long retries() {
    return counters.retries() + counters.redelivered();
  }

  /** Events the handler has taken (each once, however many attempts). */
  public long delivered() {
    return done - counters.skipped();
  }

  /** Snapshot events left out because the handler takes none. */
  public long skippedSnapshots() {
    return counters.skipped();
  }

  /** Events given up on (returned by {@link #deliverAll} as dead letters). */
  public long deadLettered() {
    return dead;
  }
}

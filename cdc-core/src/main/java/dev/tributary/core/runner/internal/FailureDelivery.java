package dev.tributary.core.runner.internal;

import dev.tributary.core.pipeline.InvocationRecord;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.OnFailureDestination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invocation records to an on-failure destination outside Kafka, before the commit that passes
 * their events. A partition whose record the destination refuses is left out of the commit and
 * tried again after a back-off (1 s doubling to 30 s), so its events are held, not lost; the other
 * partitions commit as usual. What a destination took is remembered per partition (up to the last
 * dead offset), so a Kafka commit that aborts afterwards does not send the record twice. With a
 * Kafka topic as the destination (or none) every plan passes.
 */
final class FailureDelivery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FailureDelivery.class);
  private static final long FIRST_BACKOFF_MS = 1_000;
  private static final long MAX_BACKOFF_MS = 30_000;

  private final LaneSpec lane;
  private final Optional<OnFailureDestination> destination;
  private final Map<TopicPartition, Long> deliveredThrough = new HashMap<>();
  private final Map<TopicPartition, long[]> backoff =
      new HashMap<>(); // {retry at nanos, current ms}

  FailureDelivery(LaneSpec lane, Optional<OnFailureDestination> destination) {
    this.lane = lane;
    this.destination = destination;
  }

  /** True when {@code plan} may commit: no dead events, or their record was delivered. */
  boolean delivered(PartitionQueue.CommitPlan plan) {
    if (destination.isEmpty() || plan.dead().isEmpty()) {
      return true;
    }
    long through = deliveredThrough.getOrDefault(plan.tp(), -1L);
    List<Pending> fresh = new ArrayList<>();
    for (Pending p : plan.dead()) {
      if (p.offset() > through) {
        fresh.add(p);
      }
    }
    if (fresh.isEmpty()) {
      return true;
    }
    long[] wait = backoff.get(plan.tp());
    if (wait != null && System.nanoTime() < wait[0]) {
      return false;
    }
    Optional<InvocationRecord> record =
        InvocationRecords.record(
            lane, lane.onFailure().orElseThrow(), plan.tp().partition(), fresh, Instant.now());
    try {
      if (record.isPresent()) {
        destination.get().deliver(record.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      long ms = wait == null ? FIRST_BACKOFF_MS : Math.min(wait[1] * 2, MAX_BACKOFF_MS);
      backoff.put(
          plan.tp(), new long[] {System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms), ms});
      log.warn(
          "Lane {} partition {}: on-failure destination {} did not take the invocation record of {} events"
              + " (offsets {}-{}); their position stays uncommitted, next try in {} ms: {}",
          lane.laneTopic(),
          plan.tp().partition(),
          lane.onFailure().orElseThrow().target(),
          fresh.size(),
          fresh.get(0).offset(),
          fresh.get(fresh.size() - 1).offset(),
          ms,
          e.toString());
      return false;
    }
    backoff.remove(plan.tp());
    deliveredThrough.put(plan.tp(), fresh.get(fresh.size() - 1).offset());
    return true;
  }

  /** A partition that left this runner: its new owner starts from its committed position. */
  void forget(TopicPartition tp) {
    deliveredThrough.remove(tp);
    backoff.remove(tp);
  }

  @Override
  public void close() {
    try {
      destination.ifPresent(OnFailureDestination::close);
    } catch (RuntimeException e) {
      log.warn("Lane {}: closing the on-failure destination failed", lane.laneTopic(), e);
    }
  }
}

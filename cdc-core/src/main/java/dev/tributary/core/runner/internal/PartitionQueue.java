package dev.tributary.core.runner.internal;

import dev.tributary.core.pipeline.Batching;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one lane partition that a runner holds, in offset order, until their offsets are
 * committed (delivered ones at the head are let go sooner: {@link #releaseDelivered}). Decides
 * which records may be delivered next without breaking per-key order, and how far the committed
 * offset may advance: up to the first record not yet resolved (the contiguous prefix), so a crash
 * loses nothing.
 *
 * <p>With key isolation, a record waits only behind earlier unresolved records of its own key;
 * without, behind any earlier unresolved record of the partition (Lambda's shard semantics). With
 * isolation, a key whose record was dead-lettered is parked: its later records follow it to the
 * dead-letter topic, in order, instead of being applied on top of the missing change.
 */
final class PartitionQueue {
  final TopicPartition tp;
  private final boolean isolateKeys;
  private final ArrayDeque<Pending> entries = new ArrayDeque<>();
  private final Set<ByteBuffer> parkedKeys = new LinkedHashSet<>();
  private final Map<ByteBuffer, String> parkedBehind = new HashMap<>();
  private long committed = -1;

  PartitionQueue(TopicPartition tp, boolean isolateKeys, Map<ByteBuffer, String> parked) {
    this.tp = tp;
    this.isolateKeys = isolateKeys;
    parkedBehind.putAll(parked);
    parkedKeys.addAll(parked.keySet());
  }

  void add(ConsumerRecord<byte[], byte[]> record, long nowNanos) {
    add(new Pending(record, nowNanos));
  }

  /**
   * Appends {@code p}: it comes after every record held (offsets need not be those of a partition).
   */
  void add(Pending p) {
    entries.addLast(p);
    if (p.status == Pending.Status.WAITING && parkedKeys.contains(p.key)) {
      park(p, parkedBehind.get(p.key));
    }
  }

  int size() {
    return entries.size();
  }

  /**
   * Lets go of the delivered records at the head: the next commit's position passes them without
   * their help. Holding them (and their parsed events) until the commit kept a whole commit
   * interval of events alive, for every young collection to copy, and in every scan of the queue.
   * Call between deliveries only: within one, a record marked done may yet be redelivered.
   */
  void releaseDelivered() {
    while (!entries.isEmpty() && entries.peekFirst().status == Pending.Status.DONE) {
      entries.pollFirst();
    }
  }

  /**
   * The records to deliver now, at most {@code batching.maxRecords()}, in offset order; empty when
   * no batch is due yet (neither full, nor a retry, nor past its window, nor flushing).
   */
  List<Pending> nextBatch(Batching batching, long nowNanos, boolean flush) {
    List<Pending> batch = new ArrayList<>();
    Set<ByteBuffer> blocked = new HashSet<>();
    for (Pending p : entries) {
      if (batch.size() >= batching.maxRecords()) {
        break;
      }
      if (p.resolved()) {
        continue;
      }
      boolean due = p.dueNanos <= nowNanos;
      if (!isolateKeys) {
        if (!due) {
          break; // the partition waits behind its first unresolved record
        }
        batch.add(p);
        continue;
      }
      if (blocked.contains(p.key)) {
        continue;
      }
      if (due) {
        batch.add(p);
      } else {
        blocked.add(p.key);
      }
    }
    if (batch.isEmpty()) {
      return batch;
    }
    boolean ready =
        flush
            || batch.size() >= batching.maxRecords()
            || batch.stream().anyMatch(p -> p.failures > 0)
            || nowNanos - batch.get(0).arrivalNanos >= batching.maxWindow().toNanos();
    return ready ? batch : List.of();
  }

  /** When the first record in back-off is due again; {@code Long.MAX_VALUE} when none is. */
  long nextRetryNanos() {
    long wake = Long.MAX_VALUE;
    for (Pending p : entries) {
      if (!p.resolved() && p.failures > 0) {
        wake = Math.min(wake, p.dueNanos);
      }
    }
    return wake;
  }

  /** When something may become deliverable without new records arriving (window end, retry due). */
  long nextWakeNanos(Batching batching, long nowNanos) {
    long wake = Long.MAX_VALUE;
    for (Pending p : entries) {
      if (!p.resolved()) {
        long at = p.failures > 0 ? p.dueNanos : p.arrivalNanos + batching.maxWindow().toNanos();
        wake = Math.min(wake, at);
        if (!isolateKeys) {
          break;
        }
      }
    }
    return wake;
  }

  /**
   * Whether {@code p} must now wait behind an earlier unresolved record that is not part of {@code
   * inFlight} (used when a bisected batch's second half is reconsidered).
   */
  boolean blockedBehindFailure(Pending p, Set<Pending> inFlight) {
    for (Pending q : entries) {
      if (q == p) {
        return false;
      }
      if (!q.resolved() && !inFlight.contains(q) && (!isolateKeys || q.key.equals(p.key))) {
        return true;
      }
    }
    return false;
  }

  /** Marks {@code p} dead; with isolation its key is parked and its later records follow it. */
  void deadLetter(Pending p, Throwable error, long nowMillis) {
    p.dead(error, nowMillis);
    if (!isolateKeys || p.parkedBehind != null) {
      return;
    }
    parkedKeys.add(p.key);
    parkedBehind.put(p.key, p.eventId());
    boolean after = false; // held in order: what follows p in the queue came after it
    for (Pending q : entries) {
      if (after && !q.resolved() && q.key.equals(p.key)) {
        park(q, p.eventId());
      }
      after |= q == p;
    }
  }

  private void park(Pending q, String behind) {
    q.parkedBehind = behind;
    q.dead(new ParkedException(behind), System.currentTimeMillis());
  }

  /** Records after {@code failed} that must be delivered again after it (same key, or any). */
  List<Pending> laterInBatch(List<Pending> batch, Pending failed) {
    List<Pending> out = new ArrayList<>();
    boolean after = false; // a batch is in queue order
    for (Pending p : batch) {
      if (after && (!isolateKeys || p.key.equals(failed.key))) {
        out.add(p);
      }
      after |= p == failed;
    }
    return out;
  }

  /** What the next commit may cover: the resolved prefix, its dead letters, the new position. */
  CommitPlan planCommit(long consumerPosition) {
    List<Pending> dead = new ArrayList<>();
    int count = 0;
    long position = -1;
    for (Pending p : entries) {
      if (!p.resolved()) {
        position = p.offset();
        break;
      }
      count++;
      if (p.status == Pending.Status.DEAD) {
        dead.add(p);
      }
    }
    if (position < 0) {
      position =
          entries.isEmpty()
              ? consumerPosition
              : Math.max(consumerPosition, entries.peekLast().offset() + 1);
    }
    return new CommitPlan(tp, count, dead, position, position > committed || !dead.isEmpty());
  }

  void applyCommit(CommitPlan plan) {
    Iterator<Pending> it = entries.iterator();
    for (int i = 0; i < plan.prefix(); i++) {
      it.next();
      it.remove();
    }
    committed = Math.max(committed, plan.position());
  }

  void committedAt(long position) {
    committed = Math.max(committed, position);
  }

  Map<ByteBuffer, String> parked() {
    return Collections.unmodifiableMap(parkedBehind);
  }

  /** A record held back because an earlier record of its key was dead-lettered. */
  static final class ParkedException extends RuntimeException {
    ParkedException(String behind) {
      super("Parked behind dead-lettered event " + behind + " of the same key");
    }
  }

  record CommitPlan(
      TopicPartition tp, int prefix, List<Pending> dead, long position, boolean advances) {}
}

package dev.tributary.core.runner.internal;

import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.core.runner.RunnerStoppedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's thread: polls the lane ({@code read_committed}), delivers due batches per partition,
 * then commits in one Kafka transaction the dead letters, on-failure records, the handler's
 * partition state (if it keeps one) and the offsets of everything resolved. Consumer, producer and
 * handler are touched only by this thread; rebalance callbacks run inside {@code poll}, between
 * batches, so no batch is ever half-delivered when a partition goes.
 */
public final class RunLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RunLoop.class);
  private static final long MAX_POLL_WAIT_MS = 100;

  /**
   * Least time between two commits while running. Each commit is a Kafka transaction whose round
   * trips the runner waits for; committing after every poll made that wait most of a busy runner's
   * time (PipelineThroughputBenchmark). Handlers see events before the commit, so this delays only
   * the committed position (and widens what a crash redelivers), not delivery.
   */
  static final long COMMIT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /**
   * How long one fetch of an assigned partition's committed offset may wait. A {@code
   * read_committed} consumer asks for stable offsets: the broker holds the answer while a
   * transaction with offsets for the group is open (a crashed runner's, until its successor fences
   * it or the transaction times out). The runner never waits in one call long enough to fail: the
   * partition stays paused and the fetch is retried each {@link #OFFSETS_RETRY_NANOS}.
   */
  static final Duration COMMITTED_WAIT = Duration.ofSeconds(5);

  static final long OFFSETS_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LaneSpec lane;
  private final Map<String, Object> clientConfig;
  private final String runnerId;
  private final RunnerCounters counters;
  private final BooleanSupplier stopping;
  private final Map<TopicPartition, PartitionQueue> queues = new HashMap<>();
  private final Set<TopicPartition> paused = new HashSet<>();

  /** Assigned partitions whose committed offsets (and parked keys) are not known yet: paused. */
  private final Set<TopicPartition> awaitingOffsets = new HashSet<>();

  private long awaitingSinceNanos;
  private long nextOffsetsTryNanos;
  private long lastAwaitLogNanos;
  private final int maxBuffered;
  private volatile Set<Integer> assignment = Set.of();
  private KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> producer;
  private BatchDelivery delivery;
  private FailureDelivery failures; // null without an on-failure destination
  private StateStore states; // null when the handler keeps no partition state
  private boolean crashed;
  private long lastCommitNanos = System.nanoTime();

  /** When this runner started: a LATEST lane starts with the events written from then on. */
  private final Instant started = Instant.now();

  public RunLoop(
      LaneSpec lane,
      Map<String, Object> clientConfig,
      String runnerId,
      RunnerCounters counters,
      BooleanSupplier stopping) {
    this.lane = lane;
    this.clientConfig = Map.copyOf(clientConfig);
    this.runnerId = runnerId;
    this.counters = counters;
    this.stopping = stopping;
    this.maxBuffered = Math.max(4 * lane.batching().maxRecords(), 1_000);
  }

  public Set<Integer> assignment() {
    return assignment;
  }

  /** Runs until {@code stopping} turns true (then commits and returns) or a fatal error. */
  @Override
  public void run() {
    ChangeHandler handler = lane.handlerFactory().get();
    try {
      handler.open(context());
      delivery = new BatchDelivery(lane, handler, counters, BatchDelivery.Caller.RUNNER);
      if (handler.partitionState().isPresent()) {
        states = new StateStore(lane, clientConfig, handler.partitionState().get());
        states.ensureTopic();
      }
      ClientSetup.ensureTopic(clientConfig, lane.deadLetterTopic());
      if (lane.onFailure().isPresent()) {
        lane.onFailure().get().topic().ifPresent(t -> ClientSetup.ensureTopic(clientConfig, t));
        failures = new FailureDelivery(lane, lane.onFailure().get().newDestination());
      }
      consumer = new KafkaConsumer<>(ClientSetup.consumerConfig(clientConfig, lane, runnerId));
      producer = new KafkaProducer<>(ClientSetup.producerConfig(clientConfig, lane, runnerId));
      producer.initTransactions();
      consumer.subscribe(List.of(lane.laneTopic()), new Listener());
      while (!stopping.getAsBoolean()) {
        iterate();
      }
      commit(); // close(): what the last iteration resolved
    } catch (Throwable t) {
      crashed = true;
      throw t instanceof BatchDelivery.StopRunner s
          ? new RunnerStoppedException(lane, s.getCause())
          : asUnchecked(t);
    } finally {
      closeAll(handler);
    }
  }

  private void iterate() {
    long now = System.nanoTime();
    if (!awaitingOffsets.isEmpty() && now >= nextOffsetsTryNanos) {
      fetchAwaitedOffsets(Duration.ofMillis(500));
      nextOffsetsTryNanos = System.nanoTime() + OFFSETS_RETRY_NANOS;
    }
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(pollWaitMs(now)));
    now = System.nanoTime();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      PartitionQueue q = queues.get(new TopicPartition(r.topic(), r.partition()));
      if (q != null) {
        q.add(r, now);
      }
    }
    int budget = Math.max(records.count(), lane.batching().maxRecords()) * 4;
    for (PartitionQueue q : queues.values()) {
      List<Pending> batch;
      while (budget > 0
          && !(batch = q.nextBatch(lane.batching(), System.nanoTime(), false)).isEmpty()) {
        delivery.deliver(q, batch);
        budget -= batch.size();
      }
      q.releaseDelivered();
    }
    if (System.nanoTime() - lastCommitNanos >= COMMIT_INTERVAL_NANOS || mustCommitNow()) {
      commit();
    }
    applyBackpressure();
  }

  /** A partition whose held records reach the back-pressure bound commits at once to free them. */
  private boolean mustCommitNow() {
    for (PartitionQueue q : queues.values()) {
      if (q.size() >= maxBuffered / 2) {
        return true;
      }
    }
    return false;
  }

  private long pollWaitMs(long now) {
    long wake = lastCommitNanos + COMMIT_INTERVAL_NANOS;
    for (PartitionQueue q : queues.values()) {
      wake = Math.min(wake, q.nextWakeNanos(lane.batching(), now));
    }
    long ms = wake == Long.MAX_VALUE ? MAX_POLL_WAIT_MS : TimeUnit.NANOSECONDS.toMillis(wake - now);
    return Math.max(0, Math.min(MAX_POLL_WAIT_MS, ms));
  }

  // A partition stuck behind a retrying record stops fetching instead of filling the heap.
  private void applyBackpressure() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (PartitionQueue q : queues.values()) {
      if (q.size() >= maxBuffered && paused.add(q.tp)) {
        pause.add(q.tp);
      } else if (q.size() < maxBuffered / 2 && paused.remove(q.tp)) {
        resume.add(q.tp);
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  /** One transaction: dead letters of the resolved prefixes, then their offsets. */
  private void commit() {
    lastCommitNanos = System.nanoTime();
    List<PartitionQueue.CommitPlan> plans = new ArrayList<>();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<ProducerRecord<byte[], byte[]>> letters = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> invocationRecords = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> stateRecords = new ArrayList<>();
    for (PartitionQueue q : queues.values()) {
      PartitionQueue.CommitPlan plan = q.planCommit(position(q.tp));
      if (plan.advances() && plan.position() >= 0) {
        if (failures != null && !failures.delivered(plan)) {
          continue; // its destination has not taken the invocation record: the partition waits
        }
        plans.add(plan);
        offsets.put(q.tp, new OffsetAndMetadata(plan.position(), ParkedKeys.encode(q.parked())));
        for (Pending p : plan.dead()) {
          letters.add(DeadLetters.of(p, lane.deadLetterTopic()));
        }
        if (states != null) {
          states.checkpoint(plan).ifPresent(stateRecords::add);
        }
        if (lane.onFailure().isPresent()
            && lane.onFailure().get().topic().isPresent()
            && !plan.dead().isEmpty()) {
          invocationRecords.addAll(
              InvocationRecords.of(
                  lane, lane.onFailure().get(), q.tp.partition(), plan.dead(), Instant.now()));
        }
      }
    }
    if (plans.isEmpty()) {
      return;
    }
    try {
      producer.beginTransaction();
      for (ProducerRecord<byte[], byte[]> letter : letters) {
        producer.send(letter);
      }
      for (ProducerRecord<byte[], byte[]> record : invocationRecords) {
        producer.send(record);
      }
      for (ProducerRecord<byte[], byte[]> record : stateRecords) {
        producer.send(record); // the handler's partition state, with the position it reflects
      }
      producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException
        | InvalidProducerEpochException
        | OutOfOrderSequenceException
        | AuthorizationException
        | UnsupportedVersionException e) {
      throw new BatchDelivery.StopRunner(e); // another instance took our transactional id, or worse
    } catch (KafkaException e) {
      // Typically a rebalance fenced our generation: the next poll drops the partitions and
      // their new owner redelivers. Otherwise the same plan is retried next iteration.
      log.warn(
          "Lane {}: commit aborted, will retry or hand over: {}", lane.laneTopic(), e.toString());
      abortQuietly();
      return;
    }
    for (PartitionQueue.CommitPlan plan : plans) {
      queues.get(plan.tp()).applyCommit(plan);
    }
    counters.commits.increment();
    counters.deadLettered.add(letters.size());
  }

  private long position(TopicPartition tp) {
    try {
      return consumer.position(tp, Duration.ZERO);
    } catch (TimeoutException e) {
      return -1; // no position yet (nothing fetched): nothing to commit either
    }
  }

  private void abortQuietly() {
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      log.debug("Lane {}: abort failed", lane.laneTopic(), e);
    }
  }

  private void closeAll(ChangeHandler handler) {
    try {
      if (consumer != null) {
        consumer.close(); // leaves the group now, so the partitions move at once
      }
    } catch (RuntimeException e) {
      log.warn("Lane {}: closing consumer failed", lane.laneTopic(), e);
    }
    try {
      if (producer != null) {
        producer.close(crashed ? Duration.ZERO : Duration.ofSeconds(10));
      }
    } catch (RuntimeException e) {
      log.warn("Lane {}: closing producer failed", lane.laneTopic(), e);
    }
    try {
      handler.close();
    } catch (Exception e) {
      log.warn("Lane {}: closing handler failed", lane.laneTopic(), e);
    }
    if (failures != null) {
      failures.close();
    }
    queues.clear();
    assignment = Set.of();
  }

  private HandlerContext context() {
    return HandlerContext.of(lane.pipeline(), lane.handler());
  }

  private static RuntimeException asUnchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new RunnerStoppedException(null, t);
  }

  /**
   * Opens the awaited partitions whose committed offsets the group coordinator gives now. While it
   * holds them back (an open transaction with offsets for the lane's group) they stay paused and a
   * warning names the lane, the partitions and the reason, every 30 s.
   */
  private void fetchAwaitedOffsets(Duration wait) {
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = consumer.committed(new HashSet<>(awaitingOffsets), wait);
    } catch (TimeoutException e) {
      long now = System.nanoTime();
      long waited = now - awaitingSinceNanos;
      if (waited >= TimeUnit.SECONDS.toNanos(10)
          && now - lastAwaitLogNanos >= TimeUnit.SECONDS.toNanos(30)) {
        lastAwaitLogNanos = now;
        log.warn(
            "Lane {} runner {}: partitions {} wait {} s for their committed offsets: the group coordinator"
                + " holds them while a transaction with offsets for group {} is open (a crashed runner's"
                + " is aborted when a runner with its transactional id starts, else after"
                + " transaction.timeout.ms); retrying",
            lane.laneTopic(),
            runnerId,
            partitionNumbers(awaitingOffsets),
            TimeUnit.NANOSECONDS.toSeconds(waited),
            lane.group());
      }
      return;
    }
    List<TopicPartition> opened = new ArrayList<>();
    for (TopicPartition tp : new ArrayList<>(awaitingOffsets)) {
      OffsetAndMetadata om = committed.get(tp);
      PartitionQueue q =
          new PartitionQueue(
              tp, lane.isolateFailingKeys(), ParkedKeys.decode(om == null ? null : om.metadata()));
      if (om != null) {
        q.committedAt(om.offset());
      } else if (lane.startingPosition().kind() != StartingPosition.Kind.TRIM_HORIZON) {
        q.committedAt(startAt(tp));
      }
      queues.put(tp, q);
      opened.add(tp);
    }
    awaitingOffsets.clear();
    if (states != null) {
      states.restore(opened); // as of the committed positions just read
    }
    consumer.resume(opened);
    publishAssignment();
    long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - awaitingSinceNanos);
    if (waitedMs >= 1_000) {
      log.info(
          "Lane {} runner {}: assigned {} (committed offsets after {} ms)",
          lane.laneTopic(),
          runnerId,
          assignment,
          waitedMs);
    } else {
      log.info("Lane {} runner {}: assigned {}", lane.laneTopic(), runnerId, assignment);
    }
  }

  /**
   * A partition without a committed position under LATEST or AT_TIMESTAMP: seeks to the first
   * record written at or after the instant (the lane's first start for LATEST) and commits that
   * position at once, so a restart goes on from it as an event source mapping keeps its place.
   */
  private long startAt(TopicPartition tp) {
    Instant from = lane.startingPosition().timestamp().orElse(started);
    OffsetAndTimestamp at = consumer.offsetsForTimes(Map.of(tp, from.toEpochMilli())).get(tp);
    long offset = at != null ? at.offset() : consumer.endOffsets(List.of(tp)).get(tp);
    consumer.seek(tp, offset);
    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(offset)));
    log.info(
        "Lane {} partition {}: no committed position; starting position {} is offset {}",
        lane.laneTopic(),
        tp.partition(),
        lane.startingPosition(),
        offset);
    return offset;
  }

  private static Set<Integer> partitionNumbers(Collection<TopicPartition> tps) {
    Set<Integer> parts = new TreeSet<>();
    for (TopicPartition tp : tps) {
      parts.add(tp.partition());
    }
    return parts;
  }

  private void publishAssignment() {
    Set<Integer> parts = new TreeSet<>();
    for (TopicPartition tp : queues.keySet()) {
      parts.add(tp.partition());
    }
    assignment = Set.copyOf(parts);
  }

  /**
   * Rebalances: revoked partitions commit what is resolved, then their held records are dropped.
   */
  private final class Listener implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!crashed && !partitions.isEmpty()) {
        try {
          commit();
        } catch (RuntimeException e) {
          log.warn("Lane {}: commit on revocation failed: {}", lane.laneTopic(), e.toString());
        }
      }
      drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drop(partitions); // no commit: our generation is gone, the new owner redelivers
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      // Paused until their committed offsets and parked keys are known: nothing of theirs is
      // fetched, so nothing can be delivered out of order or skipped.
      consumer.pause(partitions);
      if (awaitingOffsets.isEmpty()) {
        awaitingSinceNanos = System.nanoTime();
      }
      awaitingOffsets.addAll(partitions);
      fetchAwaitedOffsets(COMMITTED_WAIT);
      nextOffsetsTryNanos = System.nanoTime() + OFFSETS_RETRY_NANOS;
    }

    private void drop(Collection<TopicPartition> partitions) {
      if (states != null) {
        states.revoked(partitions);
      }
      for (TopicPartition tp : partitions) {
        queues.remove(tp);
        paused.remove(tp);
        if (failures != null) {
          failures.forget(tp);
        }
        awaitingOffsets.remove(tp);
      }
      publishAssignment();
    }
  }
}

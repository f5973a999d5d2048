package dev.tributary.worker.replay;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.LaneRouter;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.replay.HistoryRecord;
import dev.tributary.core.replay.ProgressListener;
import dev.tributary.core.replay.Redelivery;
import dev.tributary.engine.TableSnapshot;
import dev.tributary.engine.TributaryEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings one handler up to date with its tables: delivers a consistent snapshot of each source
 * table as snapshot-marked INSERTs, then the lane's live changes that the snapshot does not
 * reflect, and hands the lane back to the handler's runners exactly where it stopped. What backs
 * {@code tributary backfill --pipeline P --handler H}.
 *
 * <pre>{@code
 * BackfillReport report = Backfill.builder(pipeline, "index")
 *     .clientConfig(Map.of("bootstrap.servers", "localhost:9092"))
 *     .engine(engine)
 *     .progress((done, total) -> bar.update(done, total))
 *     .run();
 * }</pre>
 *
 * <p>Neither a gap nor a double: {@link TributaryEngine#snapshot} says exactly which changes the
 * items reflect. The backfill reads the lane from the runners' committed offsets and skips the
 * events of those changes, delivers the others, and waits until the pipeline's topology has routed
 * every change the snapshot reflects (so none of them can still arrive in the lane); then it reads
 * the lane to its end, commits that position in the runners' group and returns. The relay and the
 * topology must be running; the handler's runners must not be (it refuses to start otherwise).
 * Handlers that take no snapshot events (email) receive only the live changes.
 *
 * <p>The snapshot holds the items that exist: a handler whose sink already holds items deleted
 * before the snapshot keeps them. Backfill into an empty sink, or into one idempotent per key.
 */
public final class Backfill {
  private static final Logger log = LoggerFactory.getLogger(Backfill.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final DeliveryTarget target;
  private final Pipeline pipeline;
  private final LaneSpec lane;
  private final TributaryEngine engine;
  private final Duration barrierTimeout;

  private Backfill(Builder b) {
    this.target = b.target();
    this.pipeline = target.pipeline();
    this.lane = target.lane();
    this.engine = b.engine;
    this.barrierTimeout = b.barrierTimeout;
  }

  public static Builder builder(Pipeline pipeline, String handler) {
    return new Builder(pipeline, handler);
  }

  public BackfillReport run() {
    LaneRouter router = LaneRouter.of(pipeline, lane.handler());
    long[] counts = new long[5]; // items, not routed, live read, live skipped, estimate
    Map<String, TableSnapshot> snapshots = new LinkedHashMap<>();
    ProgressListener progress = target.progress();
    // The follower refuses to start while runners are live: check before taking snapshots.
    try (LaneFollower follower = new LaneFollower(target.clientConfig(), lane);
        Redelivery delivery =
            target.open(
                (o, t) ->
                    progress.progress(
                        counts[0] + counts[2], Math.max(counts[4], counts[0] + counts[2])))) {
      for (String table : pipeline.sources()) {
        TableSnapshot s = engine.snapshot(table);
        snapshots.put(table, s);
        counts[4] += s.approximateItemCount();
        log.info(
            "Backfill of {}: {} snapshot at sequence {}", lane.laneTopic(), table, s.sequence());
      }
      progress.progress(0, counts[4]);
      for (TableSnapshot s : snapshots.values()) {
        try (Stream<ChangeEvent> items = s.events()) {
          items.forEach(
              e -> {
                counts[0]++;
                Optional<ChangeEvent> routed = router.route(e);
                if (routed.isEmpty()) {
                  counts[1]++;
                } else {
                  delivery.offer(
                      HistoryRecord.of(routed.get(), "snapshot:" + s.tableName(), s.sequence()));
                }
              });
        }
      }
      delivery.flush();
      follow(follower, delivery, snapshots, counts);
      delivery.flush();
      if (target.dryRun().isEmpty()) {
        follower.commit();
      }
      Map<String, Long> sequences = new LinkedHashMap<>();
      snapshots.forEach((t, s) -> sequences.put(t, s.sequence()));
      progress.progress(counts[0] + counts[2], counts[0] + counts[2]);
      return new BackfillReport(
          sequences, counts[0], counts[1], counts[2], counts[3], delivery.stats());
    } finally {
      snapshots.values().forEach(TableSnapshot::close);
    }
  }

  /**
   * Delivers the lane's events the snapshots do not reflect, until the topology has passed them.
   */
  private void follow(
      LaneFollower follower,
      Redelivery delivery,
      Map<String, TableSnapshot> snapshots,
      long[] counts) {
    Map<String, Long> last = new LinkedHashMap<>();
    snapshots.forEach((t, s) -> last.put(t, s.lastIncludedChange()));
    long deadline = System.nanoTime() + barrierTimeout.toNanos();
    Map<TopicPartition, Long> stopAt = null;
    try (TopologyBarrier barrier =
        new TopologyBarrier(target.clientConfig(), pipeline.name(), last)) {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> r : follower.poll(POLL)) {
          counts[2]++;
          Optional<ChangeEvent> event = parse(r);
          if (event.isEmpty()) {
            continue;
          }
          TableSnapshot s = snapshots.get(tableOf(r));
          if (s != null && !event.get().snapshot() && s.includes(sequence(event.get()))) {
            counts[3]++;
          } else {
            delivery.offer(
                new HistoryRecord(event.get(), r.key(), r.topic(), r.partition(), r.offset()));
          }
        }
        delivery.flush();
        if (stopAt == null) {
          if (barrier.passed()) {
            stopAt = follower.endOffsets();
            log.info(
                "Backfill of {}: topology passed the snapshots; reading the lane to {}",
                lane.laneTopic(),
                stopAt);
          } else if (System.nanoTime() > deadline) {
            throw new FatalException(
                "Backfill of "
                    + lane.laneTopic()
                    + ": the topology of pipeline "
                    + pipeline.name()
                    + " has not routed the changes up to "
                    + barrier.pending()
                    + " within "
                    + barrierTimeout
                    + "; are the relay and the pipeline's topology running?");
          }
        }
        if (stopAt != null && follower.reached(stopAt)) {
          return;
        }
      }
    }
  }

  private String tableOf(ConsumerRecord<byte[], byte[]> r) {
    Header h = r.headers().lastHeader(ChangeEventSerde.HEADER_TABLE);
    if (h != null) {
      return new String(h.value(), StandardCharsets.UTF_8);
    }
    return pipeline.sources().size() == 1 ? pipeline.sources().get(0) : "";
  }

  private static long sequence(ChangeEvent e) {
    try {
      return Long.parseLong(e.dynamodb().sequenceNumber());
    } catch (NumberFormatException x) {
      return Long.MAX_VALUE; // not the engine's: the snapshot cannot reflect it
    }
  }

  private Optional<ChangeEvent> parse(ConsumerRecord<byte[], byte[]> r) {
    if (r.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChangeEventSerde.fromBytes(r.value()));
    } catch (BadRecordException e) {
      log.warn(
          "Backfill of {}: offset {} of partition {} skipped: {}",
          lane.laneTopic(),
          r.offset(),
          r.partition(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * Options of a backfill; {@link #run()} builds and runs it. In a dry run ({@code dryRun(sink)})
   * the handler is not called and the runners' offsets are not moved.
   */
  public static final class Builder extends DeliveryTarget.Builder<Builder> {
    private TributaryEngine engine;
    private Duration barrierTimeout = Duration.ofMinutes(5);

    private Builder(Pipeline pipeline, String handler) {
      super(pipeline, handler);
    }

    /** The engine that holds the pipeline's source tables. Required. */
    public Builder engine(TributaryEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** How long to wait for the topology to route what the snapshot reflects; default 5 minutes. */
    public Builder barrierTimeout(Duration timeout) {
      this.barrierTimeout = SettingChecks.positive(timeout, "barrierTimeout");
      return this;
    }

    public Backfill build() {
      if (engine == null) {
        throw new IllegalStateException(
            "backfill needs the engine that holds " + pipeline.sources());
      }
      if (!clientConfig.containsKey("bootstrap.servers")) {
        throw new IllegalStateException(
            "backfill needs Kafka: clientConfig must set bootstrap.servers");
      }
      return new Backfill(this);
    }

    public BackfillReport run() {
      return build().run();
    }
  }
}

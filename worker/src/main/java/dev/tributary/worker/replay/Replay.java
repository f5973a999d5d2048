package dev.tributary.worker.replay;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.LaneRouter;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.replay.HistoryRecord;
import dev.tributary.core.replay.LaneHistory;
import dev.tributary.core.replay.Position;
import dev.tributary.core.replay.ProgressListener;
import dev.tributary.core.replay.Redelivery;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Delivers a range of history again to one handler of a pipeline, without disturbing the others:
 * what backs {@code tributary replay --pipeline P --handler H --from T [--to T] [--where E]
 * [--dry-run]}.
 *
 * <pre>{@code
 * ReplayReport report = Replay.builder(pipeline, "index")
 *     .clientConfig(Map.of("bootstrap.servers", "localhost:9092"))
 *     .source(ReplaySource.lane())                    // or changeLog(engine), archive(reader)
 *     .from(Position.parse("2025-01-15T10:00:00Z"))   // or a sequence number: "1042"
 *     .where("status = 'SHIPPED'")
 *     .progress((done, total) -> bar.update(done, total))
 *     .run();
 * }</pre>
 *
 * <p>History is read with a consumer in no group (lane) or from the engine or S3, so no consumer
 * group's committed offsets move, this handler's runners' included; the other handlers' lanes are
 * not read at all. Events from the change log or the archive go through the pipeline's filters,
 * view, the handler's routes and the projection ({@link LaneRouter}); lane events were routed
 * already. The {@code --where} expression then sees the event as the handler would receive it.
 * Delivery is in the lane's batches with its retry policy ({@link Redelivery}); events given up on
 * go to the lane's dead-letter topic. A handler that is idempotent on {@code eventID} ends in the
 * state of its first run; a replay running while the handler's runners run is safe for such a
 * handler too (the two may interleave, each in per-key order).
 */
public final class Replay {
  private final DeliveryTarget target;
  private final ReplaySource source;
  private final Position from;
  private final Optional<Position> to;
  private final Optional<WhereExpression> where;
  private final Clock clock;

  private Replay(Builder b) {
    this.target = b.target();
    this.source = b.source;
    this.from = b.from;
    this.to = Optional.ofNullable(b.to);
    this.where = Optional.ofNullable(b.where);
    this.clock = b.clock;
  }

  /** A replay to {@code handler} of {@code pipeline}; an unknown handler names the known ones. */
  public static Builder builder(Pipeline pipeline, String handler) {
    return new Builder(pipeline, handler);
  }

  /** Reads the range and delivers it; returns once every event is resolved. */
  public ReplayReport run() {
    Pipeline pipeline = target.pipeline();
    LaneSpec lane = target.lane();
    Map<String, Object> clientConfig = target.clientConfig();
    ProgressListener progress = target.progress();
    long[] counts = new long[4]; // read, not routed, filtered out, estimate
    Optional<LaneRouter> router =
        source instanceof ReplaySource.Lane
            ? Optional.empty()
            : Optional.of(LaneRouter.of(pipeline, lane.handler()));
    List<String> warnings = new ArrayList<>();
    try (Redelivery delivery =
        target.open(
            (offered, total) -> progress.progress(counts[0], Math.max(counts[3], counts[0])))) {
      Consumer<HistoryRecord> sink =
          r -> {
            counts[0]++;
            Optional<ChangeEvent> routed =
                router.isPresent() ? router.get().route(r.event()) : Optional.of(r.event());
            if (routed.isEmpty()) {
              counts[1]++;
            } else if (where.isPresent() && !where.get().test(routed.get())) {
              counts[2]++;
            } else {
              delivery.offer(r.withEvent(routed.get()));
            }
          };
      if (source instanceof ReplaySource.Lane) {
        try (LaneHistory history =
            LaneHistory.open(clientConfig, pipeline.laneTopic(lane.handler()), from, to)) {
          counts[3] = history.estimatedEvents();
          progress.progress(0, counts[3]);
          history.read(sink);
        }
      } else if (source instanceof ReplaySource.ChangeLog c) {
        ChangeLogHistory history = new ChangeLogHistory(c.engine(), pipeline.sources(), from, to);
        counts[3] = history.estimatedEvents();
        warnings.addAll(history.warnings());
        progress.progress(0, counts[3]);
        history.read(sink);
      } else if (source instanceof ReplaySource.Archive a) {
        progress.progress(0, -1);
        new ArchiveHistory(a.reader(), pipeline.sources(), from, to, clock.instant()).read(sink);
      }
      delivery.flush();
      progress.progress(counts[0], counts[0]);
      return new ReplayReport(counts[0], counts[1], counts[2], delivery.stats(), warnings);
    }
  }

  /** Options of a replay; {@link #build()} checks them, {@link #run()} builds and runs. */
  public static final class Builder extends DeliveryTarget.Builder<Builder> {
    private ReplaySource source = ReplaySource.lane();
    private Position from;
    private Position to;
    private WhereExpression where;
    private Clock clock = Clock.systemUTC();

    private Builder(Pipeline pipeline, String handler) {
      super(pipeline, handler);
    }

    /** Where history is read; default the lane. */
    public Builder source(ReplaySource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The first event to replay: a time or a sequence number. Required. */
    public Builder from(Position from) {
      this.from = Objects.requireNonNull(from, "from");
      return this;
    }

    /** The last event to replay (inclusive); default: the newest when the replay starts. */
    public Builder to(Position to) {
      this.to = Objects.requireNonNull(to, "to");
      return this;
    }

    /** Only events whose image satisfies the expression ({@link WhereExpression}). */
    public Builder where(String expression) {
      this.where = WhereExpression.parse(expression);
      return this;
    }

    /** The clock that bounds an open-ended archive range; default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public Replay build() {
      if (from == null) {
        throw new IllegalStateException("replay needs a start: from(...)");
      }
      if (to != null && from.getClass() == to.getClass() && !startsBeforeEnd()) {
        throw new IllegalArgumentException(
            "replay range is empty: from " + from + " is after to " + to);
      }
      boolean needsKafka = source instanceof ReplaySource.Lane || !isDryRun();
      if (needsKafka && !clientConfig.containsKey("bootstrap.servers")) {
        throw new IllegalStateException(
            "replay from the "
                + source
                + (isDryRun() ? "" : " to a handler")
                + " needs Kafka: clientConfig must set bootstrap.servers");
      }
      return new Replay(this);
    }

    private boolean startsBeforeEnd() {
      if (from instanceof Position.Time f && to instanceof Position.Time t) {
        return !f.instant().isAfter(t.instant());
      }
      return ((Position.Sequence) from).sequence().compareTo(((Position.Sequence) to).sequence())
          <= 0;
    }

    public ReplayReport run() {
      return build().run();
    }
  }
}

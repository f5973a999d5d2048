package dev.tributary.core.replay;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.replay.internal.DeadLetterWriter;
import dev.tributary.core.runner.internal.CallerThreadDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers history to one handler outside its runners, on the caller's thread, through the runners'
 * own delivery: in batches of the lane's {@link dev.tributary.core.pipeline.Batching#maxRecords()},
 * with the lane's {@link RetryPolicy} (back-off waited out on this thread), bisection and key
 * isolation, in the order offered. Events the handler reports failed are delivered again, and what
 * followed them in their batch (of their key, with isolation) after them, so per-key order holds;
 * an event that exhausts its attempts (or is a {@link BadRecordException}, or the handler
 * dead-letters) goes to the lane's dead-letter topic, marked as a replay's; a {@link
 * FatalException} stops the delivery. The retry policy's max event age does not apply: history is
 * old by design. Snapshot events skip a handler that does not take them.
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
  private final CallerThreadDelivery delivery;
  private final DeadLetterWriter deadLetters;
  private final List<HistoryRecord> buffer = new ArrayList<>();
  private long totalEstimate = -1;
  private long offered;
  private long dryRunDelivered;

  private Redelivery(Builder b) throws Exception {
    this.lane = b.lane;
    this.dryRun = Optional.ofNullable(b.dryRun);
    this.progress = b.progress;
    if (dryRun.isPresent()) {
      this.handler = null;
      this.delivery = null;
      this.deadLetters = null;
    } else {
      this.handler =
          Objects.requireNonNull(lane.handlerFactory().get(), "handler factory returned null");
      DeadLetterWriter writer = null;
      try {
        handler.open(HandlerContext.of(lane.pipeline(), lane.handler()));
        writer = new DeadLetterWriter(b.clientConfig, lane.deadLetterTopic());
      } catch (Exception e) {
        closeHandler();
        throw e;
      }
      this.delivery = new CallerThreadDelivery(lane, handler);
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
    if (dryRun.isPresent()) {
      buffer.forEach(r -> dryRun.get().accept(r.event()));
      dryRunDelivered += buffer.size();
    } else {
      for (HistoryRecord r : buffer) {
        delivery.add(origin(r), r.event());
      }
    }
    buffer.clear();
    if (delivery != null) {
      List<ProducerRecord<byte[], byte[]>> letters = delivery.deliverAll();
      if (!letters.isEmpty()) {
        letters.forEach(deadLetters::send);
        deadLetters.await();
      }
    }
    progress.progress(offered, Math.max(totalEstimate, offered));
  }

  /**
   * Where the event was read, as the record the runners' delivery takes (no value, no timestamp).
   */
  private static ConsumerRecord<byte[], byte[]> origin(HistoryRecord r) {
    return new ConsumerRecord<>(r.source(), r.partition(), r.offset(), r.key(), null);
  }

  public RedeliveryStats stats() {
    if (delivery == null) {
      return new RedeliveryStats(offered, dryRunDelivered, 0, 0, 0, 0);
    }
    return new RedeliveryStats(
        offered,
        delivery.delivered(),
        delivery.skippedSnapshots(),
        delivery.batches(),
        delivery.retries(),
        delivery.deadLettered());
  }

  /** Closes the handler and the dead-letter producer; buffered events are not delivered. */
  @Override
  public void close() {
    if (!buffer.isEmpty()) {
      log.warn(
          "Replay to {}: closed with {} events not delivered", lane.laneTopic(), buffer.size());
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
            "Handler "
                + lane.handler()
                + " of pipeline "
                + lane.pipeline()
                + " failed to open: "
                + e,
            e);
      }
    }
  }
}

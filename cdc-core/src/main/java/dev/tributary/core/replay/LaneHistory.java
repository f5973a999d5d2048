package dev.tributary.core.replay;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a range of a lane topic back, partition by partition, with a {@code read_committed}
 * consumer that belongs to no group: it commits nothing, so no runner's position moves. The range
 * starts at a time (the lane records' timestamps, found with {@code offsetsForTimes}) or at a
 * source sequence number (found by binary search over offsets, since a lane partition holds each
 * table's events in sequence order), and ends at the optional end position or at the lane's last
 * stable offset when reading began, so it always terminates.
 */
public final class LaneHistory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LaneHistory.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, long[]> ranges = new HashMap<>();
  private final Position from;
  private final Optional<Position> to;

  private LaneHistory(
      Map<String, ?> clientConfig, String topic, Position from, Optional<Position> to) {
    this.topic = topic;
    this.from = from;
    this.to = to;
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
    this.consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      plan();
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Plans the range {@code [from, to]} of {@code laneTopic}; reading starts with {@link #read}. */
  public static LaneHistory open(
      Map<String, ?> clientConfig, String laneTopic, Position from, Optional<Position> to) {
    Objects.requireNonNull(clientConfig, "clientConfig");
    Objects.requireNonNull(laneTopic, "laneTopic");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return new LaneHistory(clientConfig, laneTopic, from, to);
  }

  /** Offsets in the planned range: an upper estimate of its events (markers count too). */
  public long estimatedEvents() {
    return ranges.values().stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
  }

  /** The planned {@code [start, end)} offsets per partition. */
  public Map<Integer, List<Long>> plannedOffsets() {
    Map<Integer, List<Long>> out = new TreeMap<>();
    ranges.forEach((tp, r) -> out.put(tp.partition(), List.of(r[0], r[1])));
    return out;
  }

  /**
   * Reads the range partition by partition, each in offset order, handing each event within the
   * positions to {@code sink}. A record that is not a change event is skipped with a warning (the
   * runners dead-lettered it already).
   */
  public void read(Consumer<? super HistoryRecord> sink) {
    List<TopicPartition> order = new ArrayList<>(ranges.keySet());
    order.sort(Comparator.comparingInt(TopicPartition::partition));
    for (TopicPartition tp : order) {
      long[] r = ranges.get(tp);
      if (r[0] >= r[1]) {
        continue;
      }
      consumer.assign(List.of(tp));
      consumer.seek(tp, r[0]);
      long lastProgress = System.nanoTime();
      while (consumer.position(tp) < r[1]) {
        var records = consumer.poll(POLL);
        if (records.isEmpty()) {
          if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
            throw new FatalException(
                "Reading lane "
                    + topic
                    + " partition "
                    + tp.partition()
                    + " made no progress for "
                    + STALL_LIMIT.toSeconds()
                    + " s at offset "
                    + consumer.position(tp));
          }
          continue;
        }
        lastProgress = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> rec : records.records(tp)) {
          if (rec.offset() >= r[1]) {
            break;
          }
          Optional<ChangeEvent> event = parse(rec);
          if (event.isPresent()
              && to.map(p -> p.eventIsAtOrBefore(event.get())).orElse(true)
              && fromAdmits(event.get())) {
            sink.accept(
                new HistoryRecord(event.get(), rec.key(), topic, rec.partition(), rec.offset()));
          }
        }
      }
    }
  }

  private boolean fromAdmits(ChangeEvent e) {
    // A time start is exact by offsetsForTimes (record timestamps); a sequence start re-checks.
    return !(from instanceof Position.Sequence) || from.eventIsAtOrAfter(e);
  }

  private TopicPartition toTp(int partition) {
    return new TopicPartition(topic, partition);
  }

  private void plan() {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("lane topic " + topic + " does not exist");
    }
    List<TopicPartition> tps = new ArrayList<>();
    infos.forEach(i -> tps.add(toTp(i.partition())));
    Map<TopicPartition, Long> begin = consumer.beginningOffsets(tps);
    Map<TopicPartition, Long> end = consumer.endOffsets(tps); // read_committed: last stable offsets
    Map<TopicPartition, Long> stop = new HashMap<>(end);
    if (to.isPresent() && to.get() instanceof Position.Time t) {
      Map<TopicPartition, Long> after = new HashMap<>();
      tps.forEach(tp -> after.put(tp, t.instant().toEpochMilli() + 1));
      consumer
          .offsetsForTimes(after)
          .forEach(
              (tp, o) -> {
                if (o != null) {
                  stop.put(tp, Math.min(end.get(tp), o.offset()));
                }
              });
    }
    Map<TopicPartition, Long> start = new HashMap<>();
    if (from instanceof Position.Time t) {
      Map<TopicPartition, Long> at = new HashMap<>();
      tps.forEach(tp -> at.put(tp, t.instant().toEpochMilli()));
      Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at);
      tps.forEach(
          tp -> {
            OffsetAndTimestamp o = found.get(tp);
            start.put(tp, o == null ? end.get(tp) : o.offset());
          });
    } else {
      BigInteger sequence = ((Position.Sequence) from).sequence();
      for (TopicPartition tp : tps) {
        start.put(tp, firstAtOrAfter(tp, sequence, begin.get(tp), stop.get(tp)));
      }
    }
    for (TopicPartition tp : tps) {
      ranges.put(tp, new long[] {start.get(tp), Math.max(start.get(tp), stop.get(tp))});
    }
    log.info("Lane {}: replay range per partition {}", topic, plannedOffsets());
  }

  /** The smallest offset in {@code [lo, hi]} whose first committed event has sequence >= s. */
  private long firstAtOrAfter(TopicPartition tp, BigInteger s, long lo, long hi) {
    consumer.assign(List.of(tp));
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      Optional<BigInteger> at = firstSequenceFrom(tp, mid, hi);
      if (at.isEmpty() || at.get().compareTo(s) >= 0) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private Optional<BigInteger> firstSequenceFrom(TopicPartition tp, long offset, long end) {
    consumer.seek(tp, offset);
    long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
    while (consumer.position(tp) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(POLL).records(tp)) {
        if (rec.offset() >= end) {
          return Optional.empty();
        }
        Optional<ChangeEvent> e = parse(rec);
        if (e.isPresent()) {
          return Optional.of(Position.sequenceOf(e.get()));
        }
      }
    }
    return Optional.empty();
  }

  private Optional<ChangeEvent> parse(ConsumerRecord<byte[], byte[]> rec) {
    if (rec.value() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChangeEventSerde.fromBytes(rec.value()));
    } catch (BadRecordException e) {
      log.warn(
          "Lane {} partition {} offset {}: skipped, {}",
          topic,
          rec.partition(),
          rec.offset(),
          e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}

package dev.tributary.core.runner;

import dev.tributary.core.FatalException;
import dev.tributary.core.pipeline.LaneSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Inspects lanes from Java: per partition, the runners' committed position, the lane's end (last
 * stable offset), the lag in events and the lag in time. Lag is measured by reading the uncommitted
 * range with a {@code read_committed} reader, so transaction markers are not counted as events and
 * the time lag is the age of the oldest waiting event, which stays right while the source is idle
 * (zero when the runners have caught up, growing when they are stopped behind). Ranges longer than
 * {@link #EXACT_LIMIT} are estimated from offsets. Thread-safe.
 */
public final class Lanes implements AutoCloseable {
  /** Longest uncommitted range per partition that is read to count events exactly. */
  public static final long EXACT_LIMIT = 50_000;

  private final Map<String, Object> clientConfig;
  private final Admin admin;
  private final Clock clock;

  private Lanes(Map<String, Object> clientConfig, Clock clock) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.admin = Admin.create(this.clientConfig);
    this.clock = clock;
  }

  public static Lanes connect(String bootstrapServers) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    return new Lanes(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), Clock.systemUTC());
  }

  public static Lanes connect(Map<String, ?> clientConfig) {
    Objects.requireNonNull(clientConfig, "clientConfig");
    return new Lanes(new HashMap<>(clientConfig), Clock.systemUTC());
  }

  public LaneStatus status(LaneSpec lane) {
    Objects.requireNonNull(lane, "lane");
    return status(lane.laneTopic(), lane.group());
  }

  public LaneStatus status(String laneTopic, String group) {
    Objects.requireNonNull(laneTopic, "laneTopic");
    Objects.requireNonNull(group, "group");
    try {
      TopicDescription topic =
          admin.describeTopics(List.of(laneTopic)).allTopicNames().get().get(laneTopic);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      topic
          .partitions()
          .forEach(
              p -> {
                latest.put(new TopicPartition(laneTopic, p.partition()), OffsetSpec.latest());
                earliest.put(new TopicPartition(laneTopic, p.partition()), OffsetSpec.earliest());
              });
      ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      var ends = admin.listOffsets(latest, committedOnly).all().get();
      var starts = admin.listOffsets(earliest, committedOnly).all().get();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      List<LaneStatus.PartitionStatus> out = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> reader = reader()) {
        for (var p : topic.partitions()) {
          TopicPartition tp = new TopicPartition(laneTopic, p.partition());
          OffsetAndMetadata c = committed.get(tp);
          long end = ends.get(tp).offset();
          long from = Math.max(c == null ? 0 : c.offset(), starts.get(tp).offset());
          out.add(
              partition(
                  reader,
                  tp,
                  c == null ? OptionalLong.empty() : OptionalLong.of(c.offset()),
                  from,
                  end));
        }
      }
      return new LaneStatus(laneTopic, group, out);
    } catch (ExecutionException e) {
      throw new FatalException(
          "Cannot read the status of lane " + laneTopic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted reading the status of lane " + laneTopic, e);
    }
  }

  private LaneStatus.PartitionStatus partition(
      KafkaConsumer<byte[], byte[]> reader,
      TopicPartition tp,
      OptionalLong committed,
      long from,
      long end) {
    if (from >= end) {
      return new LaneStatus.PartitionStatus(tp.partition(), committed, end, 0, Duration.ZERO);
    }
    reader.assign(List.of(tp));
    reader.seek(tp, from);
    long events = 0;
    long oldest = -1;
    long deadline = System.currentTimeMillis() + 10_000;
    boolean exact = end - from <= EXACT_LIMIT;
    while (reader.position(tp) < end && System.currentTimeMillis() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(100))) {
        if (r.offset() >= end) {
          break;
        }
        if (oldest < 0) {
          oldest = r.timestamp();
        }
        events++;
      }
      if (!exact && oldest >= 0) {
        events = end - from; // estimate: read only the oldest event's timestamp
        break;
      }
    }
    long position = reader.position(tp);
    if (position < end && (exact || oldest < 0)) {
      // Not read to the end in time (a loaded machine): count the rest as waiting rather than
      // report a lag of zero that nobody checked; catch-up waits on this.
      events += end - position;
    }
    Duration age =
        oldest < 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, clock.millis() - oldest));
    return new LaneStatus.PartitionStatus(tp.partition(), committed, end, events, age);
  }

  private KafkaConsumer<byte[], byte[]> reader() {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}

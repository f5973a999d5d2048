package dev.tributary.worker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.pipeline.LaneSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A handler's dead-letter topic: counting, reading and redriving its events. What {@code tributary
 * dlq} and the console share. Redrive progress is the committed offsets of one consumer group per
 * handler ({@link #redriveGroup}); the records sent back and that position are committed in one
 * Kafka transaction, so an interrupted redrive run again neither loses nor repeats an event.
 */
public final class DeadLetters {
  /** The DLQ headers: why and from where; a redriven event leaves them behind. */
  public static final Set<String> DLQ_HEADERS =
      Set.of(
          DeadLetterHeaders.ERROR_CLASS,
          DeadLetterHeaders.ERROR_MESSAGE,
          DeadLetterHeaders.ATTEMPTS,
          DeadLetterHeaders.FIRST_FAILURE,
          DeadLetterHeaders.SOURCE_TOPIC,
          DeadLetterHeaders.SOURCE_PARTITION,
          DeadLetterHeaders.SOURCE_OFFSET,
          DeadLetterHeaders.PARKED_BEHIND);

  /** Headers whose values are whole numbers: written as JSON numbers, like offsets and counts. */
  private static final Set<String> NUMERIC_HEADERS =
      Set.of(
          DeadLetterHeaders.ATTEMPTS,
          DeadLetterHeaders.FIRST_FAILURE,
          DeadLetterHeaders.SOURCE_PARTITION,
          DeadLetterHeaders.SOURCE_OFFSET);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Events in the topic and those past the redrive group's position. */
  public record Counts(long total, long pending) {}

  /** Where a redrive stands: events moved so far, and the number it set out to move. */
  public interface Progress {
    void progress(long moved, long total);
  }

  /** One dead letter, by where it is in the dead-letter topic. */
  public record Position(int partition, long offset) {}

  private final Map<String, Object> clientConfig;

  /** {@code clientConfig}: the Kafka clients' settings, {@code bootstrap.servers} included. */
  public DeadLetters(Map<String, Object> clientConfig) {
    this.clientConfig = Map.copyOf(clientConfig);
  }

  /** The consumer group whose committed offsets are a handler's redrive position. */
  public static String redriveGroup(String pipeline, String handler) {
    return "tributary.redrive." + pipeline + "." + handler;
  }

  /** Counts a lane's dead letters; zero when its topic does not exist yet. */
  public Counts counts(LaneSpec lane) throws Exception {
    try (Admin admin = Admin.create(clientConfig)) {
      if (!admin.listTopics().names().get().contains(lane.deadLetterTopic())) {
        return new Counts(0, 0);
      }
      Map<TopicPartition, OffsetAndMetadata> redriven = redriven(admin, lane);
      long total = 0;
      long pending = 0;
      try (KafkaConsumer<byte[], byte[]> c = reader()) {
        List<TopicPartition> parts = partitions(c, lane.deadLetterTopic());
        Map<TopicPartition, Long> ends = c.endOffsets(parts);
        for (TopicPartition tp : parts) {
          c.assign(List.of(tp));
          c.seekToBeginning(List.of(tp));
          long from = redriven.containsKey(tp) ? redriven.get(tp).offset() : 0;
          while (c.position(tp) < ends.get(tp)) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
              total++;
              if (r.offset() >= from) {
                pending++;
              }
            }
          }
        }
      }
      return new Counts(total, pending);
    }
  }

  /** The redrive group's committed position per partition (absent: nothing redriven). */
  public Map<TopicPartition, OffsetAndMetadata> redriven(LaneSpec lane) throws Exception {
    try (Admin admin = Admin.create(clientConfig)) {
      return redriven(admin, lane);
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> redriven(Admin admin, LaneSpec lane)
      throws Exception {
    return admin
        .listConsumerGroupOffsets(redriveGroup(lane.pipeline(), lane.handler()))
        .partitionsToOffsetAndMetadata()
        .get();
  }

  /**
   * Reads up to {@code max} of a lane's dead letters from the start of the topic, each as {@link
   * #describe} makes it, keeping those {@code keep} accepts; empty when the topic does not exist.
   */
  public List<ObjectNode> read(LaneSpec lane, int max, Predicate<ObjectNode> keep) {
    List<ObjectNode> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = reader()) {
      Optional<List<TopicPartition>> found = existingPartitions(c, lane.deadLetterTopic());
      if (found.isEmpty()) {
        return out;
      }
      List<TopicPartition> parts = found.get();
      Map<TopicPartition, Long> ends = c.endOffsets(parts);
      c.assign(parts);
      c.seekToBeginning(parts);
      while (out.size() < max && parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.offset() >= ends.get(new TopicPartition(r.topic(), r.partition()))) {
            continue;
          }
          ObjectNode o = describe(r);
          if (out.size() < max && keep.test(o)) {
            out.add(o);
          }
        }
      }
    }
    return out;
  }

  /** A dead letter as JSON: partition, offset, key, headers (numbers as numbers) and the event. */
  public static ObjectNode describe(ConsumerRecord<byte[], byte[]> r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
    ObjectNode headers = o.putObject("headers");
    for (Header h : r.headers()) {
      String v = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
      if (v != null && NUMERIC_HEADERS.contains(h.key()) && v.matches("-?\\d{1,18}")) {
        headers.put(h.key(), Long.parseLong(v)); // counts, offsets and times are JSON numbers
      } else {
        headers.put(h.key(), v);
      }
    }
    String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    try {
      JsonNode event = JSON.readTree(value);
      o.set("event", event);
    } catch (Exception notJson) {
      o.put("value", value);
    }
    return o;
  }

  /**
   * Sends a lane's dead letters back to its lane, in order, from the redrive position on: all of
   * them ({@code max} empty) or the first {@code max}. {@code dryRun} gets each record that would
   * be sent and nothing changes. Returns how many were (or would be) sent.
   */
  public long redrive(
      LaneSpec lane,
      Optional<Long> max,
      Optional<Consumer<ConsumerRecord<byte[], byte[]>>> dryRun,
      Progress progress) {
    return redrive(lane, max, dryRun, r -> true, progress);
  }

  /**
   * Sends back only the dead letters at {@code selected}, in topic order, in one transaction; the
   * redrive position moves past a selected record only when every record before it (from the
   * position on) was selected too, so "redrive all" later sends the others and not these again.
   */
  public long redriveSelected(LaneSpec lane, Set<Position> selected, Progress progress) {
    if (selected.isEmpty()) {
      return 0;
    }
    return redrive(
        lane,
        Optional.of((long) selected.size()),
        Optional.empty(),
        r -> selected.contains(new Position(r.partition(), r.offset())),
        progress);
  }

  private long redrive(
      LaneSpec lane,
      Optional<Long> max,
      Optional<Consumer<ConsumerRecord<byte[], byte[]>>> dryRun,
      Predicate<ConsumerRecord<byte[], byte[]>> chosen,
      Progress progress) {
    String group = redriveGroup(lane.pipeline(), lane.handler());
    Map<String, Object> cc = new HashMap<>(clientConfig);
    cc.put("group.id", group);
    cc.put("isolation.level", "read_committed");
    cc.put("enable.auto.commit", false);
    cc.put("auto.offset.reset", "earliest");
    Map<String, Object> pc = new HashMap<>(clientConfig);
    pc.put("transactional.id", group);
    pc.put("enable.idempotence", true);
    long moved = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer =
            dryRun.isPresent()
                ? null
                : new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> parts = partitions(consumer, lane.deadLetterTopic());
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
      consumer.assign(parts);
      Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(parts));
      long total = 0;
      for (TopicPartition tp : parts) {
        OffsetAndMetadata o = committed.get(tp);
        if (o == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, o.offset());
        }
        total += Math.max(0, ends.get(tp) - consumer.position(tp));
      }
      long goal = max.map(m -> Math.min(m, 0L + Long.MAX_VALUE)).orElse(Long.MAX_VALUE);
      long expected = Math.min(goal, total);
      progress.progress(0, expected);
      if (producer != null) {
        producer.initTransactions();
      }
      Set<TopicPartition> gap = new HashSet<>(); // partitions where a record was passed over
      while (moved < goal && parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        if (producer != null) {
          producer.beginTransaction();
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (moved >= goal || r.offset() >= ends.get(tp)) {
            break;
          }
          if (!chosen.test(r)) {
            gap.add(tp);
            continue;
          }
          if (dryRun.isPresent()) {
            dryRun.get().accept(r);
          } else {
            ProducerRecord<byte[], byte[]> copy =
                new ProducerRecord<>(lane.laneTopic(), null, r.timestamp(), r.key(), r.value());
            for (Header h : r.headers()) {
              if (!DLQ_HEADERS.contains(h.key())) {
                copy.headers().add(h);
              }
            }
            producer.send(copy);
          }
          if (!gap.contains(tp)) {
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
          }
          moved++;
        }
        if (producer != null) {
          if (!next.isEmpty()) {
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
          }
          producer.commitTransaction();
        }
        progress.progress(moved, expected);
      }
    }
    return moved;
  }

  private KafkaConsumer<byte[], byte[]> reader() {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put("isolation.level", "read_committed");
    c.put("enable.auto.commit", false);
    c.remove("group.id");
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static Optional<List<TopicPartition>> existingPartitions(
      KafkaConsumer<?, ?> c, String topic) {
    Map<String, List<PartitionInfo>> all = c.listTopics(Duration.ofSeconds(30));
    List<PartitionInfo> infos = all.get(topic);
    if (infos == null || infos.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList());
  }

  /** The topic's partitions; {@link NoSuchTopic} when it does not exist. */
  public static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new NoSuchTopic(topic);
    }
    return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }

  /** A topic that does not exist (has the worker run?). */
  public static final class NoSuchTopic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchTopic(String topic) {
      super("topic " + topic + " does not exist (has the worker run?)");
    }
  }

  /** Lower-case text for a case-insensitive filter over a dead letter's JSON. */
  public static String searchable(ObjectNode deadLetter) {
    return deadLetter.toString().toLowerCase(Locale.ROOT);
  }
}

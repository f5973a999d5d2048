package dev.tributary.worker.replay;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.FatalException;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.Topics;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Whether a pipeline's topology has routed every change of a table up to a sequence, so that the
 * lanes hold all their events for those changes (the topology commits lane records and its input
 * offsets in one transaction). Two checks on the table's change topic: the relay published the
 * sequence (it publishes in sequence order, so a committed record at or above it anywhere means
 * everything below is committed too), and no record at or below it lies beyond the topology's
 * committed offsets. Both only ever turn true, so they are remembered.
 */
final class TopologyBarrier implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int TAIL = 64;

  private final Admin admin;
  private final KafkaConsumer<byte[], byte[]> reader;
  private final String group;
  private final Map<String, Long> pending = new HashMap<>(); // table -> sequence still to pass
  private final Set<String> published = new HashSet<>();
  private final Set<TopicPartition> passedPartitions = new HashSet<>();

  TopologyBarrier(Map<String, Object> clientConfig, String pipeline, Map<String, Long> sequences) {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.admin = Admin.create(c);
    this.reader = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.group = Topics.applicationId(pipeline);
    sequences.forEach(
        (table, seq) -> {
          if (seq > 0) {
            pending.put(table, seq);
          }
        });
  }

  /** The tables whose sequence the topology has not passed yet, with that sequence. */
  public Map<String, Long> pending() {
    return Map.copyOf(pending);
  }

  /** Checks again; true once every table's sequence is passed. */
  public boolean passed() {
    for (String table : List.copyOf(pending.keySet())) {
      if (passed(table, BigInteger.valueOf(pending.get(table)))) {
        pending.remove(table);
      }
    }
    return pending.isEmpty();
  }

  private boolean passed(String table, BigInteger sequence) {
    String topic = Topics.changeTopic(table);
    List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos == null || infos.isEmpty()) {
      return false;
    }
    List<TopicPartition> tps =
        infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    Map<TopicPartition, Long> begin = reader.beginningOffsets(tps);
    Map<TopicPartition, Long> end = reader.endOffsets(tps);
    if (!published.contains(table)) {
      boolean any = false;
      for (TopicPartition tp : tps) {
        any |=
            maxSequence(tp, Math.max(begin.get(tp), end.get(tp) - TAIL), end.get(tp))
                .filter(s -> s.compareTo(sequence) >= 0)
                .isPresent();
      }
      if (!any) {
        return false;
      }
      published.add(table);
    }
    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets();
    boolean all = true;
    for (TopicPartition tp : tps) {
      if (passedPartitions.contains(tp)) {
        continue;
      }
      OffsetAndMetadata c = committed.get(tp);
      long from = Math.max(begin.get(tp), c == null ? 0 : c.offset());
      if (minSequence(tp, from, end.get(tp)).filter(s -> s.compareTo(sequence) <= 0).isEmpty()) {
        passedPartitions.add(tp);
      } else {
        all = false;
      }
    }
    return all;
  }

  private Map<TopicPartition, OffsetAndMetadata> committedOffsets() {
    try {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    } catch (ExecutionException e) {
      throw new FatalException(
          "Cannot read the offsets of topology group " + group + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted reading the offsets of " + group, e);
    }
  }

  /** The highest sequence among the records in {@code [from, end)}, widening back when empty. */
  private Optional<BigInteger> maxSequence(TopicPartition tp, long from, long end) {
    long begin = reader.beginningOffsets(List.of(tp)).get(tp);
    long start = from;
    while (true) {
      Optional<BigInteger> max = scan(tp, start, end, true);
      if (max.isPresent() || start <= begin) {
        return max;
      }
      start = Math.max(begin, end - 4 * (end - start));
    }
  }

  private Optional<BigInteger> minSequence(TopicPartition tp, long from, long end) {
    return scan(tp, from, end, false);
  }

  private Optional<BigInteger> scan(TopicPartition tp, long from, long end, boolean max) {
    if (from >= end) {
      return Optional.empty();
    }
    reader.assign(List.of(tp));
    reader.seek(tp, from);
    BigInteger best = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (reader.position(tp) < end && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(POLL).records(tp)) {
        if (r.offset() >= end || r.value() == null) {
          continue;
        }
        BigInteger s;
        try {
          s = new BigInteger(ChangeEventSerde.fromBytes(r.value()).dynamodb().sequenceNumber());
        } catch (BadRecordException | NumberFormatException e) {
          continue; // the topology dead-letters it; it holds no change to wait for
        }
        if (best == null || (max ? s.compareTo(best) > 0 : s.compareTo(best) < 0)) {
          best = s;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public void close() {
    reader.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}

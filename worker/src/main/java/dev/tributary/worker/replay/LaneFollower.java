package dev.tributary.worker.replay;

import dev.tributary.core.FatalException;
import dev.tributary.core.pipeline.LaneSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a lane in place of its runners, from the runners' committed offsets (or the lane's start),
 * and finally commits where it got to in the runners' group, keeping the offsets' metadata (the
 * runners keep parked keys there), so the runners continue right after it. The group must have no
 * live member while it runs: a runner and a backfill delivering the same lane at once would break
 * per-key order.
 */
final class LaneFollower implements AutoCloseable {
  private final LaneSpec lane;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();
  private final Map<TopicPartition, String> metadata = new HashMap<>();

  LaneFollower(Map<String, Object> clientConfig, LaneSpec lane) {
    this.lane = lane;
    refuseLiveMembers(clientConfig, lane.group());
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, lane.group());
    c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, lane.group() + "-backfill");
    c.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1_000);
    this.consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      var infos = consumer.partitionsFor(lane.laneTopic(), Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("lane topic " + lane.laneTopic() + " does not exist");
      }
      infos.forEach(i -> partitions.add(new TopicPartition(lane.laneTopic(), i.partition())));
      consumer.assign(partitions);
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new HashSet<>(partitions));
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata om = committed.get(tp);
        consumer.seek(tp, om == null ? begin.get(tp) : Math.max(om.offset(), begin.get(tp)));
        metadata.put(tp, om == null ? "" : om.metadata());
      }
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  public ConsumerRecords<byte[], byte[]> poll(Duration wait) {
    return consumer.poll(wait);
  }

  /** The lane's last stable offsets now. */
  public Map<TopicPartition, Long> endOffsets() {
    return consumer.endOffsets(partitions);
  }

  /** Whether reading has passed {@code ends} on every partition. */
  public boolean reached(Map<TopicPartition, Long> ends) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < ends.getOrDefault(tp, 0L)) {
        return false;
      }
    }
    return true;
  }

  /** Commits the positions reached in the runners' group. */
  public void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      offsets.put(tp, new OffsetAndMetadata(consumer.position(tp), metadata.get(tp)));
    }
    consumer.commitSync(offsets, Duration.ofSeconds(30));
  }

  private static void refuseLiveMembers(Map<String, Object> clientConfig, String group) {
    try (Admin admin = Admin.create(clientConfig)) {
      ConsumerGroupDescription d =
          admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get();
      if (!d.members().isEmpty()) {
        throw new IllegalStateException(
            "lane group "
                + group
                + " has "
                + d.members().size()
                + " live runner(s): stop the handler's runners before a backfill");
      }
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw new FatalException(
            "Cannot describe lane group " + group + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted describing lane group " + group, e);
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return "LaneFollower[" + lane.laneTopic() + "]";
  }
}

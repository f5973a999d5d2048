package dev.tributary.core.runner.internal;

import dev.tributary.core.handler.PartitionState;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handler's {@link PartitionState} kept with the lane's checkpoint: one compacted topic per lane
 * (one partition; record key = the lane partition's number), written in the commit's transaction
 * and read back ({@code read_committed}) when partitions are assigned.
 */
final class StateStore {
  private static final Logger log = LoggerFactory.getLogger(StateStore.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final LaneSpec lane;
  private final Map<String, Object> clientConfig;
  private final PartitionState state;
  private final String topic;

  StateStore(LaneSpec lane, Map<String, Object> clientConfig, PartitionState state) {
    this.lane = lane;
    this.clientConfig = clientConfig;
    this.state = state;
    this.topic = Topics.stateTopic(lane.pipeline(), lane.handler());
  }

  /** Creates the compacted state topic unless it exists. */
  void ensureTopic() {
    try (Admin admin = Admin.create(clientConfig)) {
      NewTopic t =
          new NewTopic(topic, Optional.of(1), Optional.empty())
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(t)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create the state topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The state record to commit with {@code plan}, if the handler has one. */
  Optional<ProducerRecord<byte[], byte[]>> checkpoint(PartitionQueue.CommitPlan plan) {
    int partition = plan.tp().partition();
    return state
        .checkpoint(partition, plan.position())
        .map(bytes -> new ProducerRecord<>(topic, 0, key(partition), bytes));
  }

  /** Hands the handler the last committed state of each of {@code partitions} that has one. */
  void restore(Collection<TopicPartition> partitions) {
    Map<String, byte[]> latest = readAll();
    for (TopicPartition tp : partitions) {
      byte[] value = latest.get(new String(key(tp.partition()), StandardCharsets.UTF_8));
      if (value != null) {
        state.restore(tp.partition(), value);
        log.info(
            "Lane {} partition {}: restored handler state ({} bytes)",
            lane.laneTopic(),
            tp.partition(),
            value.length);
      }
    }
  }

  void revoked(Collection<TopicPartition> partitions) {
    for (TopicPartition tp : partitions) {
      state.revoked(tp.partition());
    }
  }

  private Map<String, byte[]> readAll() {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, lane.group() + "-state-reader");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    Map<String, byte[]> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (consumer.position(tp) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "cannot read the state topic "
                  + topic
                  + " to its end ("
                  + end
                  + ") in "
                  + READ_TIMEOUT.toSeconds()
                  + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null) {
            String k = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
              latest.remove(k);
            } else {
              latest.put(k, r.value());
            }
          }
        }
      }
    }
    return latest;
  }

  private static byte[] key(int partition) {
    return Integer.toString(partition).getBytes(StandardCharsets.UTF_8);
  }
}

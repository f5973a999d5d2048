package dev.tributary.connectors.internal;

import dev.tributary.core.FatalException;
import dev.tributary.core.RetriableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The compacted topic where connectors keep their checkpoints: key {@code <prefix><name>}, value
 * the checkpoint text. A checkpoint is written in the same transaction as the records it covers, so
 * the committed checkpoint always equals what the change topics hold.
 */
public final class CheckpointTopic {
  /** The default checkpoint topic of every connector. */
  public static final String DEFAULT_NAME = "tributary.relay.checkpoints";

  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  private final Map<String, Object> clientConfig;
  private final String topic;

  public CheckpointTopic(Map<String, Object> clientConfig, String topic) {
    this.clientConfig = Map.copyOf(clientConfig);
    this.topic = topic;
  }

  public String name() {
    return topic;
  }

  /** Creates the topic (one partition, compacted) unless it exists. */
  public void ensureExists(Admin admin) {
    NewTopic t =
        new NewTopic(topic, Optional.of(1), Optional.empty())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin.createTopics(List.of(t)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new RetriableException(
            "Cannot create checkpoint topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("Interrupted creating checkpoint topic " + topic, e);
    }
  }

  public ProducerRecord<byte[], byte[]> record(String key, String value) {
    return new ProducerRecord<>(
        topic, key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The committed checkpoints whose keys start with {@code prefix} (the prefix removed), newest
   * value per key. Reads with {@code read_committed} up to the log end taken now, not just to the
   * last stable offset: another producer's open transaction on this partition must not hide our own
   * newer checkpoint behind it. Call after {@code initTransactions()}, which completes our own
   * predecessor's transaction.
   */
  public Map<String, String> read(Admin admin, String prefix) {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .collect(Collectors.toList());
      if (partitions.isEmpty()) {
        // Never read "no checkpoints" from a topic whose metadata is not there yet.
        throw new RetriableException(
            "Checkpoint topic " + topic + " has no partitions in the metadata yet");
      }
      Map<TopicPartition, Long> ends = logEnds(admin, partitions);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<String, String> out = new HashMap<>();
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!reached(consumer, ends)) {
        if (System.nanoTime() > deadline) {
          throw new RetriableException(
              "Checkpoint topic "
                  + topic
                  + " did not become readable up to "
                  + ends
                  + " within "
                  + READ_TIMEOUT
                  + " (a transaction still open?)");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          String key = new String(r.key(), StandardCharsets.UTF_8);
          if (key.startsWith(prefix)) {
            if (r.value() == null) {
              out.remove(key.substring(prefix.length()));
            } else {
              out.put(
                  key.substring(prefix.length()), new String(r.value(), StandardCharsets.UTF_8));
            }
          }
        }
      }
      return out;
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private Map<TopicPartition, Long> logEnds(Admin admin, List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    partitions.forEach(p -> specs.put(p, OffsetSpec.latest()));
    try {
      Map<TopicPartition, ListOffsetsResultInfo> r =
          admin
              .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get();
      Map<TopicPartition, Long> out = new HashMap<>();
      r.forEach((p, info) -> out.put(p, info.offset()));
      return out;
    } catch (ExecutionException e) {
      throw new RetriableException(
          "Cannot read the end of " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted reading the end of " + topic, e);
    }
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return c;
  }
}

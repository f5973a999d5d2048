package dev.tributary.core.runner.internal;

import dev.tributary.core.pipeline.LaneSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Kafka client settings the exactly-once rules need; the user's settings come first. */
public final class ClientSetup {
  private static final Logger log = LoggerFactory.getLogger(ClientSetup.class);

  private ClientSetup() {}

  static Map<String, Object> consumerConfig(
      Map<String, Object> base, LaneSpec lane, String runnerId) {
    Map<String, Object> c = new HashMap<>(base);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, lane.group());
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, lane.group() + "-" + runnerId);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.putIfAbsent(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    c.putIfAbsent(
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(500, lane.batching().maxRecords()));
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return c;
  }

  static Map<String, Object> producerConfig(
      Map<String, Object> base, LaneSpec lane, String runnerId) {
    Map<String, Object> p = new HashMap<>(base);
    // Stable per runner id: a restarted runner with the same id aborts its predecessor's open
    // transaction at once instead of waiting for the transaction timeout.
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, lane.group() + "-" + runnerId);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, lane.group() + "-" + runnerId + "-tx");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return p;
  }

  /** Creates the dead-letter topic with the broker's defaults unless it exists. */
  public static void ensureTopic(Map<String, Object> base, String topic) {
    try (Admin admin = Admin.create(base)) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        log.warn(
            "Cannot create dead-letter topic {} (create it yourself): {}",
            topic,
            e.getCause().toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package dev.tributary.connectors;

import dev.tributary.connectors.internal.CheckpointTopic;
import dev.tributary.connectors.internal.KafkaClientSettings;
import dev.tributary.connectors.internal.PublishSettings;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.pipeline.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings every source builder shares, as each source publishes change records and its
 * checkpoints in Kafka transactions: the Kafka client settings, the back-off after a failed
 * transaction, the partitions of the change topics it creates and its checkpoint topic. Its setters
 * are the public builders' own; the class itself is not part of the API.
 *
 * @param <B> the builder, returned by each setter
 */
abstract class PublishingBuilder<B extends PublishingBuilder<B>> {
  private final Map<String, Object> kafkaConfig;
  private Duration retryBackoff = Duration.ofSeconds(1);
  private Optional<Integer> partitions = Optional.empty();
  private String checkpointTopic = CheckpointTopic.DEFAULT_NAME;

  PublishingBuilder(Map<String, ?> kafkaConfig) {
    this.kafkaConfig = KafkaClientSettings.kafkaConfig(kafkaConfig);
  }

  /** This builder, as its own type. */
  abstract B self();

  /** The pause before a failed Kafka transaction is tried again (default 1 s). */
  public B retryBackoff(Duration backoff) {
    this.retryBackoff = SettingChecks.positive(backoff, "retryBackoff");
    return self();
  }

  /** Partitions of change topics the source creates (default: the broker's default). */
  public B changeTopicPartitions(int partitions) {
    this.partitions = Optional.of(SettingChecks.atLeast(partitions, 1, "changeTopicPartitions"));
    return self();
  }

  /**
   * The compacted topic the source's checkpoints live in (default {@code
   * tributary.relay.checkpoints}).
   */
  public B checkpointTopic(String topic) {
    this.checkpointTopic = Topics.legal(topic, "checkpointTopic");
    return self();
  }

  PublishSettings publishSettings() {
    return new PublishSettings(kafkaConfig, retryBackoff, partitions, checkpointTopic);
  }
}

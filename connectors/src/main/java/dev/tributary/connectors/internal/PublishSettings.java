package dev.tributary.connectors.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What every source that publishes change records in Kafka transactions is given (the engine relay,
 * the DynamoDB Streams source, a Debezium source), checked by its builder: the Kafka client
 * settings, the pause before a failed transaction is tried again, the partitions of the change
 * topics it creates and the topic its checkpoints live in.
 */
public record PublishSettings(
    Map<String, Object> clientConfig,
    Duration retryBackoff,
    Optional<Integer> changeTopicPartitions,
    String checkpointTopic) {

  public PublishSettings {
    clientConfig = Map.copyOf(clientConfig);
  }
}

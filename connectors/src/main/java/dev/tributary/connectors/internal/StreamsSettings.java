package dev.tributary.connectors.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The DynamoDB Streams source's settings, checked by {@code DynamoDbStreamsSource.Builder}. */
public record StreamsSettings(
    String sourceId,
    Map<String, Object> clientConfig,
    Set<String> tables,
    int maxBatchRecords,
    Duration discoveryInterval,
    Duration pollInterval,
    Duration retryBackoff,
    Optional<Integer> changeTopicPartitions,
    String checkpointTopic) {

  public StreamsSettings {
    clientConfig = Map.copyOf(clientConfig);
    tables = Set.copyOf(tables);
  }

  public String transactionalId() {
    return "tributary.streams." + sourceId;
  }

  /** Checkpoint keys of this source: {@code streams/<id>/<stream ARN>|<shard id>}. */
  public String checkpointPrefix() {
    return "streams/" + sourceId + "/";
  }
}

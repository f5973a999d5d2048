package dev.tributary.connectors.internal;

import java.time.Duration;
import java.util.Set;

/** The DynamoDB Streams source's settings, checked by {@code DynamoDbStreamsSource.Builder}. */
public record StreamsSettings(
    String sourceId,
    PublishSettings publish,
    Set<String> tables,
    int maxBatchRecords,
    Duration discoveryInterval,
    Duration pollInterval) {

  public StreamsSettings {
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

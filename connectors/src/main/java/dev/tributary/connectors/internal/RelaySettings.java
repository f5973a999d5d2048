package dev.tributary.connectors.internal;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The engine relay's settings, checked by {@code EngineRelay.Builder}. */
public record RelaySettings(
    String relayId,
    Map<String, Object> clientConfig,
    int maxBatchRecords,
    long maxBatchBytes,
    Duration discoveryInterval,
    Duration idleWait,
    Duration retryBackoff,
    Optional<Integer> changeTopicPartitions,
    String checkpointTopic) {

  public RelaySettings {
    clientConfig = Map.copyOf(clientConfig);
  }

  public String transactionalId() {
    return "tributary.relay." + relayId;
  }

  /** Checkpoint keys of this relay: {@code relay/<id>/<table>}. */
  public String checkpointPrefix() {
    return "relay/" + relayId + "/";
  }
}

package dev.tributary.connectors.internal;

import java.time.Duration;

/** The engine relay's settings, checked by {@code EngineRelay.Builder}. */
public record RelaySettings(
    String relayId,
    PublishSettings publish,
    int maxBatchRecords,
    long maxBatchBytes,
    Duration discoveryInterval,
    Duration idleWait) {

  public String transactionalId() {
    return "tributary.relay." + relayId;
  }

  /** Checkpoint keys of this relay: {@code relay/<id>/<table>}. */
  public String checkpointPrefix() {
    return "relay/" + relayId + "/";
  }
}

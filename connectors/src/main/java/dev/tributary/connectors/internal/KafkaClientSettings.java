package dev.tributary.connectors.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/** The Kafka client settings every source builder takes (other settings: core's SettingChecks). */
public final class KafkaClientSettings {
  private KafkaClientSettings() {}

  /** A copy of the Kafka client settings; they must at least name the brokers. */
  public static Map<String, Object> kafkaConfig(Map<String, ?> kafkaConfig) {
    Map<String, Object> copy = new HashMap<>(Objects.requireNonNull(kafkaConfig, "kafkaConfig"));
    if (!copy.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("kafkaConfig needs bootstrap.servers");
    }
    return copy;
  }
}

package dev.tributary.connectors.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The checks the source builders apply to settings they share, so that every source rejects a
 * bad value at once and in the same words.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /** A copy of the Kafka client settings; they must at least name the brokers. */
  public static Map<String, Object> kafkaConfig(Map<String, ?> kafkaConfig) {
    Map<String, Object> copy = new HashMap<>(Objects.requireNonNull(kafkaConfig, "kafkaConfig"));
    if (!copy.containsKey(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
      throw new IllegalArgumentException("kafkaConfig needs bootstrap.servers");
    }
    return copy;
  }

  public static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  public static int atLeast(int value, int least, String what) {
    return Math.toIntExact(atLeast((long) value, least, what));
  }

  public static long atLeast(long value, long least, String what) {
    if (value < least) {
      throw new IllegalArgumentException(what + " must be at least " + least + ", was " + value);
    }
    return value;
  }
}

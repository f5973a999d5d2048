package dev.tributary.local.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks every local server's builder applies, so that all reject a bad value in the same
 * words: those of tributary-api's {@code dev.tributary.core.SettingChecks}, which local-services
 * (depending on no other module) cannot use.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /** A TCP port to listen on, or 0 for a free one. */
  public static int port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    return port;
  }

  public static Duration startTimeout(Duration timeout) {
    if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("startTimeout must be positive, was " + timeout);
    }
    return timeout;
  }
}

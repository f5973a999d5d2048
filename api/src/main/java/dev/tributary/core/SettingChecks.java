package dev.tributary.core;

import java.time.Duration;
import java.util.Objects;

/**
 * The checks builders apply to the settings they share (durations, ports, counts), so that every
 * builder rejects a bad value at once and in the same words, naming the setting.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /** A duration above zero: {@code NAME must be positive, was PT0S}. */
  public static Duration positive(Duration value, String name) {
    if (Objects.requireNonNull(value, name).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
    return value;
  }

  /** A port to connect to: {@code NAME must be 1..65535, was 0}. */
  public static int port(int port, String name) {
    return portFrom(1, port, name);
  }

  /** A port to listen on, or 0 for a free one: {@code NAME must be 0..65535, was -1}. */
  public static int listenPort(int port, String name) {
    return portFrom(0, port, name);
  }

  private static int portFrom(int least, int port, String name) {
    if (port < least || port > 65_535) {
      throw new IllegalArgumentException(name + " must be " + least + "..65535, was " + port);
    }
    return port;
  }

  /** {@code NAME must be at least LEAST, was VALUE}. */
  public static int atLeast(int value, int least, String name) {
    return Math.toIntExact(atLeast((long) value, least, name));
  }

  /** {@code NAME must be at least LEAST, was VALUE}. */
  public static long atLeast(long value, long least, String name) {
    if (value < least) {
      throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
    }
    return value;
  }
}

package dev.tributary.worker.config.internal;

import dev.tributary.core.ConfigDuration;
import java.time.Duration;

/** Durations as configuration writes them ({@link ConfigDuration}), with the worker's error. */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    return ConfigDuration.parse(text)
        .orElseThrow(() -> new IllegalArgumentException(notDuration(text)));
  }

  /** The worker's words for a value that is not a duration. */
  static String notDuration(Object text) {
    return "'" + text + "' is not a duration; write e.g. 250ms, 30s, 5m, 2h, 1d or PT30S";
  }
}

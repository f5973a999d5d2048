package dev.tributary.core.pipeline;

import java.time.Duration;
import java.util.Objects;

/**
 * How a handler's events are grouped: a batch is delivered when it holds {@code maxRecords} events
 * or when its first event has waited {@code maxWindow}, whichever comes first.
 */
public record Batching(int maxRecords, Duration maxWindow) {
  public static final Batching DEFAULT = new Batching(100, Duration.ofMillis(200));

  public Batching {
    Objects.requireNonNull(maxWindow, "maxWindow");
    if (maxRecords < 1 || maxRecords > 10_000) {
      throw new IllegalArgumentException("batch maxRecords must be 1-10000, was " + maxRecords);
    }
    if (maxWindow.isNegative() || maxWindow.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("batch maxWindow must be 0-5 minutes, was " + maxWindow);
    }
  }

  public static Batching of(int maxRecords, Duration maxWindow) {
    return new Batching(maxRecords, maxWindow);
  }
}

package dev.tributary.engine.internal.capacity;

import java.time.Instant;
import java.util.Objects;

/**
 * One capacity change decided by the {@link AutoScaler}. The engine applies {@code newCapacity} and
 * records {@code time} as DescribeTable's LastIncreaseDateTime or LastDecreaseDateTime, and {@code
 * decreasesToday} as NumberOfDecreasesToday.
 *
 * @param resourceId {@code table/<name>} or {@code table/<name>/index/<index>}
 */
public record ScalingEvent(
    String resourceId,
    ScalableDimension dimension,
    long oldCapacity,
    long newCapacity,
    Instant time,
    int decreasesToday) {

  public ScalingEvent {
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(time, "time");
  }

  public boolean isIncrease() {
    return newCapacity > oldCapacity;
  }
}

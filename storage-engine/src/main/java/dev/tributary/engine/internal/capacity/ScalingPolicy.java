package dev.tributary.engine.internal.capacity;

import java.time.Duration;
import java.util.Objects;

/**
 * A target-tracking policy for one table or GSI dimension: keep consumed / provisioned near {@code
 * targetUtilizationPercent} (20 to 90, as DynamoDB allows) between {@code minCapacity} and {@code
 * maxCapacity}.
 */
public record ScalingPolicy(
    double targetUtilizationPercent,
    long minCapacity,
    long maxCapacity,
    Duration scaleOutCooldown,
    Duration scaleInCooldown) {

  public ScalingPolicy {
    Objects.requireNonNull(scaleOutCooldown, "scaleOutCooldown");
    Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
    if (!(targetUtilizationPercent >= 20 && targetUtilizationPercent <= 90)) {
      throw new IllegalArgumentException(
          "targetUtilizationPercent must be between 20 and 90: " + targetUtilizationPercent);
    }
    if (minCapacity < 1) {
      throw new IllegalArgumentException("minCapacity must be >= 1: " + minCapacity);
    }
    if (maxCapacity < minCapacity) {
      throw new IllegalArgumentException(
          "maxCapacity " + maxCapacity + " must be >= minCapacity " + minCapacity);
    }
    if (scaleOutCooldown.isNegative() || scaleInCooldown.isNegative()) {
      throw new IllegalArgumentException(
          "cooldowns must not be negative: scale-out "
              + scaleOutCooldown
              + ", scale-in "
              + scaleInCooldown);
    }
  }

  /** A policy without cooldowns. */
  public static ScalingPolicy of(
      double targetUtilizationPercent, long minCapacity, long maxCapacity) {
    return new ScalingPolicy(
        targetUtilizationPercent, minCapacity, maxCapacity, Duration.ZERO, Duration.ZERO);
  }

  public ScalingPolicy withCooldowns(Duration scaleOut, Duration scaleIn) {
    return new ScalingPolicy(targetUtilizationPercent, minCapacity, maxCapacity, scaleOut, scaleIn);
  }
}

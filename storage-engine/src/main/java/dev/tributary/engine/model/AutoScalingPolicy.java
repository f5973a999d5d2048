package dev.tributary.engine.model;

import dev.tributary.engine.ValidationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Target-tracking auto scaling of a PROVISIONED table's or GSI's capacity, as Application Auto
 * Scaling does it for DynamoDB: keep consumed / provisioned near {@code targetUtilizationPercent}
 * (20-90), between {@code minCapacity} and {@code maxCapacity}, waiting the cooldowns between
 * scale-outs and between scale-ins.
 */
public record AutoScalingPolicy(
    double targetUtilizationPercent,
    long minCapacity,
    long maxCapacity,
    Duration scaleOutCooldown,
    Duration scaleInCooldown) {

  public AutoScalingPolicy {
    Objects.requireNonNull(scaleOutCooldown, "scaleOutCooldown");
    Objects.requireNonNull(scaleInCooldown, "scaleInCooldown");
    if (!(targetUtilizationPercent >= 20 && targetUtilizationPercent <= 90)) {
      throw new ValidationException(
          "TargetValue must be between 20 and 90, was " + targetUtilizationPercent);
    }
    if (minCapacity < 1 || maxCapacity < minCapacity) {
      throw new ValidationException(
          "MinCapacity must be at least 1 and at most MaxCapacity: min "
              + minCapacity
              + ", max "
              + maxCapacity);
    }
    if (scaleOutCooldown.isNegative() || scaleInCooldown.isNegative()) {
      throw new ValidationException("Cooldowns must not be negative");
    }
  }

  /** The chapter's policy shape: a target utilization, a minimum and a maximum, no cooldowns. */
  public static AutoScalingPolicy targetTracking(double targetPercent, long min, long max) {
    return new AutoScalingPolicy(targetPercent, min, max, Duration.ZERO, Duration.ZERO);
  }

  public AutoScalingPolicy withCooldowns(Duration scaleOut, Duration scaleIn) {
    return new AutoScalingPolicy(
        targetUtilizationPercent, minCapacity, maxCapacity, scaleOut, scaleIn);
  }
}

package dev.tributary.engine.internal;

import dev.tributary.engine.internal.capacity.ScalingPolicy;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.CapacityDimension;
import java.time.Duration;
import java.util.Objects;

/** An auto-scaling policy as the catalog stores it; {@code indexName} is null for the table. */
public record ScalingMeta(
    String indexName,
    CapacityDimension dimension,
    double targetUtilizationPercent,
    long minCapacity,
    long maxCapacity,
    long scaleOutCooldownMillis,
    long scaleInCooldownMillis) {

  static ScalingMeta of(String indexName, CapacityDimension dimension, AutoScalingPolicy p) {
    return new ScalingMeta(
        indexName,
        dimension,
        p.targetUtilizationPercent(),
        p.minCapacity(),
        p.maxCapacity(),
        p.scaleOutCooldown().toMillis(),
        p.scaleInCooldown().toMillis());
  }

  boolean sameTarget(String index, CapacityDimension dim) {
    return Objects.equals(indexName, index) && dimension == dim;
  }

  ScalingPolicy policy() {
    return new ScalingPolicy(
        targetUtilizationPercent,
        minCapacity,
        maxCapacity,
        Duration.ofMillis(scaleOutCooldownMillis),
        Duration.ofMillis(scaleInCooldownMillis));
  }
}

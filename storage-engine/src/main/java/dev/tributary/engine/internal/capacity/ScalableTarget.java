package dev.tributary.engine.internal.capacity;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The auto-scaling state of one dimension of one table or GSI: consumed units summed per one-minute
 * datapoint (the CloudWatch metric target tracking watches), the run of datapoints above target
 * (scale out after 2) or below target minus 20 points (scale in after 15), cooldowns and DynamoDB's
 * daily limit on decreases. Thread-safe; {@link #recordConsumed} is cheap.
 */
public final class ScalableTarget {
  static final long MINUTE_MS = 60_000;
  static final int SCALE_OUT_DATAPOINTS = 2;
  static final int SCALE_IN_DATAPOINTS = 15;
  static final double SCALE_IN_MARGIN_PERCENT = 20;

  /** DynamoDB: 4 decreases a UTC day at any time, plus one more after an hour without any. */
  static final int FREE_DECREASES_PER_DAY = 4;

  static final long HOUR_MS = 3_600_000;
  private static final long DAY_MS = 86_400_000;
  private static final long NEVER = Long.MIN_VALUE / 4;

  private final String resourceId;
  private final ScalableDimension dimension;
  private final Clock clock;

  // All guarded by this.
  private ScalingPolicy policy;
  private long provisioned;
  private long minute;
  private double minuteUnits;
  private int highRun;
  private int lowRun;
  private double lastRate;
  private double lowRunPeakRate;
  private long lastScaleOut = NEVER;
  private long lastScaleIn = NEVER;
  private long lastDecrease = NEVER;
  private long decreaseDay;
  private int decreasesToday;

  ScalableTarget(
      String resourceId,
      ScalableDimension dimension,
      ScalingPolicy policy,
      long provisioned,
      Clock clock) {
    this.resourceId = Objects.requireNonNull(resourceId, "resourceId");
    this.dimension = Objects.requireNonNull(dimension, "dimension");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.provisioned = checkCapacity(provisioned);
    long now = clock.millis();
    this.minute = Math.floorDiv(now, MINUTE_MS);
    this.decreaseDay = Math.floorDiv(now, DAY_MS);
  }

  public String resourceId() {
    return resourceId;
  }

  public ScalableDimension dimension() {
    return dimension;
  }

  public synchronized long provisioned() {
    return provisioned;
  }

  public synchronized ScalingPolicy policy() {
    return policy;
  }

  /** Adds units consumed now; the engine calls this after charging a request. */
  public void recordConsumed(double units) {
    if (!(units >= 0)) {
      throw new IllegalArgumentException("consumed units must be >= 0: " + units);
    }
    long now = clock.millis();
    synchronized (this) {
      roll(now);
      minuteUnits += units;
    }
  }

  /**
   * Tells the scaler about a change it did not make (UpdateTable). A decrease counts against the
   * day's decreases; the datapoint runs restart against the new capacity.
   */
  public synchronized void setProvisioned(long units) {
    checkCapacity(units);
    long now = clock.millis();
    if (units < provisioned) {
      countDecrease(now);
    }
    provisioned = units;
    highRun = 0;
    lowRun = 0;
    lowRunPeakRate = 0;
  }

  public synchronized void setPolicy(ScalingPolicy newPolicy) {
    policy = Objects.requireNonNull(newPolicy, "newPolicy");
  }

  /** Closes finished minutes and decides whether to scale now; applies the change if so. */
  synchronized Optional<ScalingEvent> evaluate() {
    long now = clock.millis();
    roll(now);
    long desired = desiredCapacity(now);
    if (desired == provisioned) {
      return Optional.empty();
    }
    long old = provisioned;
    if (desired > old) {
      lastScaleOut = now;
    } else {
      lastScaleIn = now;
      countDecrease(now);
    }
    provisioned = desired;
    highRun = 0;
    lowRun = 0;
    lowRunPeakRate = 0;
    return Optional.of(
        new ScalingEvent(
            resourceId, dimension, old, desired, Instant.ofEpochMilli(now), decreasesToday));
  }

  private long desiredCapacity(long now) {
    ScalingPolicy p = policy;
    if (provisioned < p.minCapacity()) {
      return p.minCapacity(); // a new or tightened policy applies its bounds at once
    }
    if (provisioned > p.maxCapacity()) {
      return decreaseAllowed(now) ? p.maxCapacity() : provisioned;
    }
    double target = p.targetUtilizationPercent() / 100;
    if (highRun >= SCALE_OUT_DATAPOINTS && now - lastScaleOut >= p.scaleOutCooldown().toMillis()) {
      long want = Math.min(p.maxCapacity(), ceil(lastRate / target));
      if (want > provisioned) {
        return want;
      }
    }
    if (lowRun >= SCALE_IN_DATAPOINTS
        && now - lastScaleIn >= p.scaleInCooldown().toMillis()
        && decreaseAllowed(now)) {
      // Sized for the busiest minute of the quiet run, so a scale-in does not overshoot.
      long want = Math.max(p.minCapacity(), ceil(lowRunPeakRate / target));
      if (want < provisioned) {
        return want;
      }
    }
    return provisioned;
  }

  /** Turns every minute that ended since the last call into a datapoint. */
  private void roll(long now) {
    long current = Math.floorDiv(now, MINUTE_MS);
    if (current <= minute) {
      return;
    }
    datapoint(minuteUnits / 60.0);
    minuteUnits = 0;
    // Quiet minutes in between are datapoints of zero; past a full scale-in run they change
    // nothing more, so the loop is bounded however long the engine went without a tick.
    long quiet = Math.min(current - minute - 1, SCALE_IN_DATAPOINTS + 1);
    for (long i = 0; i < quiet; i++) {
      datapoint(0);
    }
    minute = current;
  }

  private void datapoint(double ratePerSecond) {
    double utilization = ratePerSecond / provisioned * 100;
    double target = policy.targetUtilizationPercent();
    highRun = utilization > target ? highRun + 1 : 0;
    if (utilization < target - SCALE_IN_MARGIN_PERCENT) {
      lowRun++;
      lowRunPeakRate = Math.max(lowRunPeakRate, ratePerSecond);
    } else {
      lowRun = 0;
      lowRunPeakRate = 0;
    }
    lastRate = ratePerSecond;
  }

  private boolean decreaseAllowed(long now) {
    resetDayIfNew(now);
    return decreasesToday < FREE_DECREASES_PER_DAY || now - lastDecrease >= HOUR_MS;
  }

  private void countDecrease(long now) {
    resetDayIfNew(now);
    decreasesToday++;
    lastDecrease = now;
  }

  private void resetDayIfNew(long now) {
    long day = Math.floorDiv(now, DAY_MS);
    if (day != decreaseDay) {
      decreaseDay = day;
      decreasesToday = 0;
    }
  }

  /** Ceiling that ignores floating-point dust: 70 / 0.7 is 100, not 101. */
  private static long ceil(double x) {
    return (long) Math.ceil(x - 1e-9);
  }

  private static long checkCapacity(long units) {
    if (units < 1) {
      throw new IllegalArgumentException("provisioned capacity must be >= 1: " + units);
    }
    return units;
  }
}

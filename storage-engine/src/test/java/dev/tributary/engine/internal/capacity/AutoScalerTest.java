package dev.tributary.engine.internal.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AutoScalerTest {
  private static final String TABLE = AutoScaler.tableResourceId("Orders");

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final List<ScalingEvent> heard = new ArrayList<>();
  private AutoScaler scaler;

  @BeforeEach
  void setUp() {
    scaler = new AutoScaler(clock, heard::add);
  }

  /** One minute at a steady rate, then a tick; returns that tick's changes. */
  private List<ScalingEvent> minute(ScalableTarget t, double unitsPerSecond) {
    t.recordConsumed(unitsPerSecond * 60);
    clock.advance(Duration.ofMinutes(1));
    return scaler.tick();
  }

  /** Runs whole minutes until a change happens; returns how many minutes it took, or -1. */
  private int minutesUntilChange(ScalableTarget t, double unitsPerSecond, int limit) {
    for (int i = 1; i <= limit; i++) {
      if (!minute(t, unitsPerSecond).isEmpty()) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void shouldScaleOutAfterTwoMinutesAboveTarget() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.WRITE, ScalingPolicy.of(70, 5, 1000), 100);
    assertThat(minute(t, 90)).isEmpty(); // one minute at 90% is not enough
    List<ScalingEvent> events = minute(t, 90);
    assertThat(events).hasSize(1);
    ScalingEvent e = events.get(0);
    // 90 units/s at a 70% target needs ceil(90 / 0.7) = 129
    assertThat(e.oldCapacity()).isEqualTo(100);
    assertThat(e.newCapacity()).isEqualTo(129);
    assertThat(e.isIncrease()).isTrue();
    assertThat(e.resourceId()).isEqualTo("table/Orders");
    assertThat(e.dimension()).isEqualTo(ScalableDimension.WRITE);
    assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T00:02:00Z"));
    assertThat(t.provisioned()).isEqualTo(129);
    assertThat(heard).containsExactly(e);
  }

  @Test
  void shouldNotScaleOutWhenAHighMinuteIsInterrupted() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.READ, ScalingPolicy.of(70, 5, 1000), 100);
    for (int i = 0; i < 5; i++) {
      assertThat(minute(t, 90)).isEmpty();
      assertThat(minute(t, 60)).isEmpty();
    }
    assertThat(t.provisioned()).isEqualTo(100);
  }

  @Test
  void shouldScaleInAfterFifteenMinutesBelowTargetMinusTwenty() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.READ, ScalingPolicy.of(70, 5, 1000), 100);
    assertThat(minutesUntilChange(t, 10, 30)).isEqualTo(15);
    // ceil(10 / 0.7) = 15
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.newCapacity()).isEqualTo(15);
              assertThat(e.isIncrease()).isFalse();
              assertThat(e.decreasesToday()).isEqualTo(1);
            });
  }

  @Test
  void shouldHoldBetweenTargetMinusTwentyAndTarget() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.READ, ScalingPolicy.of(70, 5, 1000), 100);
    assertThat(minutesUntilChange(t, 55, 40)).isEqualTo(-1);
    assertThat(minutesUntilChange(t, 70, 10)).isEqualTo(-1); // at target is not above it
    assertThat(t.provisioned()).isEqualTo(100);
  }

  @Test
  void shouldCapAtMaxAndFloorAtMin() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.WRITE, ScalingPolicy.of(50, 20, 300), 100);
    assertThat(minutesUntilChange(t, 1000, 5)).isEqualTo(2);
    assertThat(t.provisioned()).isEqualTo(300);
    assertThat(minutesUntilChange(t, 1000, 10)).isEqualTo(-1); // already at max
    assertThat(minutesUntilChange(t, 0, 30)).isEqualTo(15);
    assertThat(t.provisioned()).isEqualTo(20);
  }

  @Test
  void shouldHonourScaleOutCooldown() {
    ScalingPolicy p =
        ScalingPolicy.of(70, 5, 10_000).withCooldowns(Duration.ofMinutes(5), Duration.ZERO);
    ScalableTarget t = scaler.register(TABLE, ScalableDimension.WRITE, p, 100);
    assertThat(minutesUntilChange(t, 90, 5)).isEqualTo(2); // at 00:02, to 129
    // 120/s is 93% of 129: high from the next minute on, but blocked until 00:07
    assertThat(minutesUntilChange(t, 120, 10)).isEqualTo(5);
    assertThat(heard.get(1).time()).isEqualTo(Instant.parse("2026-03-01T00:07:00Z"));
    assertThat(heard.get(1).newCapacity()).isEqualTo(172); // ceil(120 / 0.7)
  }

  @Test
  void shouldHonourScaleInCooldown() {
    ScalingPolicy p =
        ScalingPolicy.of(70, 1, 10_000).withCooldowns(Duration.ZERO, Duration.ofMinutes(30));
    ScalableTarget t = scaler.register(TABLE, ScalableDimension.READ, p, 100);
    assertThat(minutesUntilChange(t, 10, 20)).isEqualTo(15); // to 15 at 00:15
    // 1/s is 6.7% of 15: a full low run by 00:30, but scale-in waits until 00:45
    assertThat(minutesUntilChange(t, 1, 40)).isEqualTo(30);
    assertThat(heard.get(1).time()).isEqualTo(Instant.parse("2026-03-01T00:45:00Z"));
    assertThat(heard.get(1).newCapacity()).isEqualTo(2);
  }

  @Test
  void shouldScaleInAgainWithoutCooldownAsAControl() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.READ, ScalingPolicy.of(70, 1, 10_000), 100);
    assertThat(minutesUntilChange(t, 10, 20)).isEqualTo(15);
    assertThat(minutesUntilChange(t, 1, 40)).isEqualTo(15);
  }

  @Test
  void shouldCountQuietMinutesBetweenSparseTicks() {
    scaler.register(TABLE, ScalableDimension.READ, ScalingPolicy.of(70, 3, 1000), 100);
    clock.advance(Duration.ofMinutes(14));
    assertThat(scaler.tick()).isEmpty();
    clock.advance(Duration.ofMinutes(10));
    assertThat(scaler.tick())
        .singleElement()
        .satisfies(e -> assertThat(e.newCapacity()).isEqualTo(3));
  }

  @Test
  void shouldLimitDecreasesPerDay() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.READ, ScalingPolicy.of(70, 1, 1000), 1000);
    for (long c : new long[] {900, 800, 700, 600}) {
      t.setProvisioned(c); // four manual decreases use up the day's free ones
    }
    // A full low run by 00:15, but the fifth decrease waits for an hour without one: 01:00.
    assertThat(minutesUntilChange(t, 1, 120)).isEqualTo(60);
    assertThat(heard)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.newCapacity()).isEqualTo(2);
              assertThat(e.decreasesToday()).isEqualTo(5);
            });
  }

  @Test
  void shouldApplyPolicyBoundsToCurrentCapacity() {
    ScalableTarget t =
        scaler.register(
            AutoScaler.indexResourceId("Orders", "byCustomer"),
            ScalableDimension.READ,
            ScalingPolicy.of(70, 10, 50),
            2);
    assertThat(scaler.tick())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.resourceId()).isEqualTo("table/Orders/index/byCustomer");
              assertThat(e.newCapacity()).isEqualTo(10);
            });
    t.setPolicy(ScalingPolicy.of(70, 1, 5));
    assertThat(scaler.tick())
        .singleElement()
        .satisfies(e -> assertThat(e.newCapacity()).isEqualTo(5));
  }

  @Test
  void shouldStopAfterDeregister() {
    ScalableTarget t =
        scaler.register(TABLE, ScalableDimension.WRITE, ScalingPolicy.of(70, 5, 1000), 100);
    assertThat(scaler.target(TABLE, ScalableDimension.WRITE)).contains(t);
    assertThat(scaler.deregister(TABLE, ScalableDimension.WRITE)).isTrue();
    assertThat(minutesUntilChange(t, 500, 5)).isEqualTo(-1);
    assertThat(scaler.target(TABLE, ScalableDimension.WRITE)).isEmpty();
  }

  @Test
  void shouldNotifyEveryListenerCallEvenIfOneFails() {
    List<ScalingEvent> seen = new ArrayList<>();
    AutoScaler failing =
        new AutoScaler(
            clock,
            e -> {
              seen.add(e);
              throw new IllegalStateException("engine refused " + e.resourceId());
            });
    failing.register("table/A", ScalableDimension.READ, ScalingPolicy.of(70, 10, 50), 1);
    failing.register("table/B", ScalableDimension.READ, ScalingPolicy.of(70, 10, 50), 1);
    assertThatThrownBy(failing::tick).isInstanceOf(IllegalStateException.class);
    assertThat(seen).hasSize(2);
  }

  @Test
  void shouldRejectInvalidPolicies() {
    assertThatThrownBy(() -> ScalingPolicy.of(10, 1, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 20 and 90");
    assertThatThrownBy(() -> ScalingPolicy.of(95, 1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ScalingPolicy.of(70, 10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxCapacity 5");
    assertThatThrownBy(() -> ScalingPolicy.of(70, 0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minCapacity");
  }
}

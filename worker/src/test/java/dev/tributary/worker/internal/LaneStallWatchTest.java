package dev.tributary.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.runner.LaneStatus;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LaneStallWatchTest {
  private static final String LANE = "tributary.lane.orders.search";
  private final LaneStallWatch watch = new LaneStallWatch(Duration.ofSeconds(60));

  private static List<LaneStatus> lane(long committed, long lag) {
    return List.of(
        new LaneStatus(
            LANE,
            "g",
            List.of(
                new LaneStatus.PartitionStatus(
                    0,
                    OptionalLong.of(committed),
                    committed + lag,
                    lag,
                    Duration.ofSeconds(lag > 0 ? 5 : 0)))));
  }

  private static long s(long seconds) {
    return TimeUnit.SECONDS.toNanos(seconds);
  }

  @Test
  void shouldReportALaneWhoseCommittedOffsetsStayWhileItHasLag() {
    watch.observe(lane(100, 50), s(0));
    watch.observe(lane(100, 60), s(59));
    assertThat(watch.stalled(LANE)).isFalse();
    watch.observe(lane(100, 70), s(61));
    assertThat(watch.stalled(LANE)).isTrue();
    assertThat(watch.states()).containsEntry(LANE, true);
  }

  @Test
  void shouldClearTheStallOnProgress() {
    watch.observe(lane(100, 50), s(0));
    watch.observe(lane(100, 50), s(100));
    assertThat(watch.stalled(LANE)).isTrue();
    watch.observe(lane(101, 49), s(101));
    assertThat(watch.stalled(LANE)).isFalse();
    watch.observe(lane(101, 49), s(150));
    assertThat(watch.stalled(LANE)).isFalse();
  }

  @Test
  void shouldNotReportAnIdleLaneWithoutLag() {
    watch.observe(lane(100, 0), s(0));
    watch.observe(lane(100, 0), s(1_000));
    assertThat(watch.stalled(LANE)).isFalse();
  }

  @Test
  void shouldKeepProgressingLanesReady() {
    for (int i = 0; i < 20; i++) {
      watch.observe(lane(100 + i, 1_000), s(30L * i));
    }
    assertThat(watch.stalled(LANE)).isFalse();
  }

  @Test
  void shouldRejectANonPositiveBound() {
    assertThatThrownBy(() -> new LaneStallWatch(Duration.ZERO)).hasMessageContaining("bound");
  }
}

package dev.tributary.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.runner.RunnerStats;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FailingLaneWatchTest {
  private static final String LANE = "tributary.lane.orders.search";
  private final AtomicLong now = new AtomicLong();
  private final AtomicReference<RunnerStats> stats = new AtomicReference<>(stats(0, 0, 0));
  private final FailingLaneWatch watch =
      new FailingLaneWatch(() -> Map.of(LANE, stats.get()), Duration.ofSeconds(60), now::get);

  private static RunnerStats stats(long succeeded, long retries, long deadLettered) {
    return new RunnerStats(
        succeeded + retries + deadLettered, 1, retries, 0, 0, deadLettered, 1, succeeded);
  }

  private void at(long seconds, long succeeded, long retries, long deadLettered) {
    now.set(Duration.ofSeconds(seconds).toNanos());
    stats.set(stats(succeeded, retries, deadLettered));
  }

  @Test
  void shouldReportALaneThatFailsEverythingForTheWindowAndClearItOnSuccess() {
    at(0, 5, 0, 0);
    assertThat(watch.failing(LANE)).isFalse();
    at(30, 5, 8, 2);
    assertThat(watch.failing(LANE)).as("failing, but not yet for the window").isFalse();
    at(61, 5, 12, 4);
    assertThat(watch.failing(LANE)).isTrue();
    assertThat(watch.states()).containsEntry(LANE, true);
    at(70, 6, 12, 4);
    assertThat(watch.failing(LANE)).as("one success clears it").isFalse();
  }

  @Test
  void shouldNotReportALaneWithSuccessesBetweenItsFailuresOrTooFewFailures() {
    at(0, 0, 0, 0);
    watch.states();
    for (int s = 10; s <= 200; s += 10) {
      at(s, s / 10, s / 5, 0); // failures, and a success every ten seconds
      assertThat(watch.failing(LANE)).isFalse();
    }
    at(
        300, 20, 40,
        2); // two failures in 100 s, nothing handled: a bad record, not a failing handler
    assertThat(watch.failing(LANE)).isFalse();
  }

  @Test
  void shouldNotReportAnIdleLane() {
    at(0, 3, 0, 0);
    watch.states();
    at(3_600, 3, 0, 0);
    assertThat(watch.failing(LANE)).isFalse();
  }
}

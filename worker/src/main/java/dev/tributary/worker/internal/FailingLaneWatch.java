package dev.tributary.worker.internal;

import dev.tributary.core.SettingChecks;
import dev.tributary.core.runner.RunnerStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a lane whose handler fails everything it is given: at least {@link #MIN_FAILURES} failed
 * deliveries (retried or dead-lettered) and no event handled for {@link #window()}. Such a lane
 * still commits (its events go to the dead-letter topic), so it does not look stalled; it is
 * reported failing instead (readiness false, the {@code tributary_lane_failing} gauge at 1, one
 * warning naming the lane), until its handler succeeds again. Sampled whenever it is read.
 */
public final class FailingLaneWatch {
  /** Long enough for a retried transient error (a relay restarting) to clear. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

  /** Fewer failures than this is a bad record or two, not a handler that fails everything. */
  public static final int MIN_FAILURES = 3;

  private static final Logger log = LoggerFactory.getLogger(FailingLaneWatch.class);

  private final Supplier<Map<String, RunnerStats>> stats;
  private final Duration window;
  private final LongSupplier nanoClock;
  private final Map<String, Track> lanes = new LinkedHashMap<>();

  public FailingLaneWatch(
      Supplier<Map<String, RunnerStats>> stats, Duration window, LongSupplier nanoClock) {
    SettingChecks.positive(window, "window");
    this.stats = stats;
    this.window = window;
    this.nanoClock = nanoClock;
  }

  public Duration window() {
    return window;
  }

  /** Every lane with runners here, by lane topic: failing or not, as of now. */
  public synchronized Map<String, Boolean> states() {
    long now = nanoClock.getAsLong();
    stats.get().forEach((lane, s) -> observe(lane, s, now));
    Map<String, Boolean> out = new LinkedHashMap<>();
    lanes.forEach((k, t) -> out.put(k, t.failing));
    return out;
  }

  /** Whether {@code laneTopic} is failing now. */
  public boolean failing(String laneTopic) {
    return states().getOrDefault(laneTopic, false);
  }

  private void observe(String lane, RunnerStats s, long now) {
    Track t = lanes.get(lane);
    long failures = s.retries() + s.deadLettered();
    if (t == null) {
      lanes.put(lane, new Track(s.succeeded(), failures, now));
      return;
    }
    // Failures seen in the same sample as a success count as before it: only later ones accumulate.
    t.failuresSinceSuccess += Math.max(0, failures - t.failures);
    t.failures = failures;
    if (s.succeeded() > t.succeeded) {
      t.succeeded = s.succeeded();
      t.failuresSinceSuccess = 0;
      t.lastSuccessNanos = now;
      if (t.failing) {
        t.failing = false;
        log.info("Lane {} handles events again", lane);
      }
    }
    long since = now - t.lastSuccessNanos;
    if (!t.failing && t.failuresSinceSuccess >= MIN_FAILURES && since >= window.toNanos()) {
      t.failing = true;
      log.warn(
          "Lane {} fails every event: {} failed deliveries and none handled for {} s; its events go to"
              + " the dead-letter topic (tributary dlq list / dlq show give the handler's reason)",
          lane,
          t.failuresSinceSuccess,
          TimeUnit.NANOSECONDS.toSeconds(since));
    }
  }

  private static final class Track {
    long succeeded;
    long failures;
    long lastSuccessNanos;
    long failuresSinceSuccess;
    boolean failing;

    Track(long succeeded, long failures, long now) {
      this.succeeded = succeeded;
      this.failures = failures;
      this.lastSuccessNanos = now;
    }
  }
}

package dev.tributary.worker.internal;

import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.RunnerHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a lane that makes no progress while it has lag: its runners' committed offsets have not
 * moved for {@link #bound()} although events wait. Such a lane is reported stalled (readiness
 * false, the {@code tributary_lane_stalled} gauge at 1, one warning naming the lane and what its
 * runner last said) until its committed offsets move again or its lag is gone. Fed by the lag
 * poller with {@link #observe}; any thread may read.
 */
public final class LaneStallWatch {
  /**
   * The default bound. Longer than what a healthy lane can spend without committing: a crashed
   * runner's open transaction aborted at the runner transaction timeout (30 s) plus the broker's
   * abort sweep (10 s), a restart back-off (up to 30 s), and a lag poll interval (10 s).
   */
  public static final Duration DEFAULT_BOUND = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(LaneStallWatch.class);

  private final Duration bound;
  private final Map<String, Track> lanes = new LinkedHashMap<>();

  public LaneStallWatch(Duration bound) {
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    this.bound = bound;
  }

  public Duration bound() {
    return bound;
  }

  /** Takes one look at every lane at {@code nowNanos} (a {@link System#nanoTime()} value). */
  public synchronized void observe(List<LaneStatus> statuses, long nowNanos) {
    for (LaneStatus s : statuses) {
      Track t = lanes.computeIfAbsent(s.laneTopic(), k -> new Track());
      long position = committedSum(s);
      boolean progressed = t.position < 0 || position != t.position || s.caughtUp();
      t.position = position;
      if (progressed) {
        t.sinceNanos = nowNanos;
        if (t.stalled) {
          t.stalled = false;
          log.info("Lane {} makes progress again (lag {} events)", s.laneTopic(), s.lagEvents());
        }
        continue;
      }
      long still = nowNanos - t.sinceNanos;
      if (!t.stalled && still >= bound.toNanos()) {
        t.stalled = true;
        log.warn(
            "Lane {} is stalled: no committed progress for {} s while {} events wait (oldest {} s);"
                + " runner: {}",
            s.laneTopic(),
            TimeUnit.NANOSECONDS.toSeconds(still),
            s.lagEvents(),
            s.lagTime().toSeconds(),
            reason(s.runner()));
      }
    }
  }

  /** Whether {@code laneTopic} is stalled now. */
  public synchronized boolean stalled(String laneTopic) {
    Track t = lanes.get(laneTopic);
    return t != null && t.stalled;
  }

  /** Every lane observed so far, by lane topic: stalled or not. */
  public synchronized Map<String, Boolean> states() {
    Map<String, Boolean> out = new LinkedHashMap<>();
    lanes.forEach((k, t) -> out.put(k, t.stalled));
    return out;
  }

  private static long committedSum(LaneStatus s) {
    long sum = 0;
    for (LaneStatus.PartitionStatus p : s.partitions()) {
      OptionalLong c = p.committed();
      sum += c.isPresent() ? c.getAsLong() : 0;
    }
    return sum;
  }

  private static String reason(RunnerHealth h) {
    String r = h.state().name().toLowerCase(Locale.ROOT) + ", " + h.restarts() + " restarts";
    return h.lastError()
        .map(e -> r + ", last error: " + e)
        .orElse(r + ", no error (runners elsewhere, or waiting on Kafka)");
  }

  private static final class Track {
    long position = -1;
    long sinceNanos;
    boolean stalled;
  }
}

package dev.tributary.bench;

import dev.tributary.core.ChangeEvent;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Where events arrive, for either path: counts them and records write-to-arrival latency. Both
 * paths parse the event (the runner does it before the handler; the raw consumer does it here), so
 * the comparison is of delivery, not of JSON.
 */
final class LatencySink {
  private final Histogram latencyMicros = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
  private long received;
  private long lastArrivalNanos;

  synchronized void record(ChangeEvent e) {
    long now = System.nanoTime();
    latencyMicros.recordValue(Math.max(0, (now - BenchEvents.sentNanos(e)) / 1_000));
    received++;
    lastArrivalNanos = now;
    notifyAll();
  }

  /** Starts a new phase: counts and latencies from zero. */
  synchronized void reset() {
    latencyMicros.reset();
    received = 0;
  }

  /** Waits until {@code count} events arrived in this phase; returns the last arrival time. */
  synchronized long await(long count, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (received < count) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new IllegalStateException("only " + received + " of " + count + " events arrived");
      }
      wait(left);
    }
    return lastArrivalNanos;
  }

  synchronized Histogram snapshot() {
    return latencyMicros.copy();
  }
}

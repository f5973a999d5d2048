package dev.tributary.handlers.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spaces calls evenly at a fixed rate (permits per second), with no burst: a mail relay's limit is
 * usually per second, and an even pace never trips it. Thread-safe.
 */
public final class RateLimiter {
  /** Sleeps for the given nanoseconds; tests inject a fake. */
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long next;
  private boolean started;

  private RateLimiter(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("rate must be a positive number, was " + perSecond);
    }
    this.intervalNanos = Math.max(1L, (long) (TimeUnit.SECONDS.toNanos(1) / perSecond));
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
  }

  public static RateLimiter perSecond(double perSecond) {
    return new RateLimiter(perSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  public static RateLimiter perSecond(double perSecond, LongSupplier nanoClock, Sleeper sleeper) {
    return new RateLimiter(perSecond, nanoClock, sleeper);
  }

  /** Blocks until the next permit is due. */
  public void acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (!started || now - next > 0) {
        next = now; // idle time is not saved up as a burst
        started = true;
      }
      wait = next - now;
      next += intervalNanos;
    }
    if (wait > 0) {
      sleeper.sleepNanos(wait);
    }
  }
}

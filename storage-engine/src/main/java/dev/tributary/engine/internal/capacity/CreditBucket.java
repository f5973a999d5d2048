package dev.tributary.engine.internal.capacity;

/**
 * One dimension (read or write) of provisioned throughput as a credit balance: it fills at the
 * provisioned rate, holds at most {@link #BURST_SECONDS} of unused capacity (DynamoDB's burst
 * capacity) and may go negative, because a request admitted with credit left is charged in full
 * afterwards. A negative balance is paid back by refill before the next request is admitted.
 *
 * <p>Synchronized: each call is a handful of arithmetic operations and allocates nothing.
 */
final class CreditBucket {
  /** DynamoDB keeps up to five minutes of unused read and write capacity. */
  static final double BURST_SECONDS = 300;

  private final double burstSeconds;
  private double ratePerSecond;
  private double balance;
  private long lastNanos;

  /** A new bucket holds one second of capacity: a fresh table can serve its rate at once. */
  CreditBucket(double ratePerSecond, long nowNanos) {
    this(ratePerSecond, nowNanos, BURST_SECONDS);
  }

  /** A bucket that keeps at most {@code burstSeconds} of unused capacity. */
  CreditBucket(double ratePerSecond, long nowNanos, double burstSeconds) {
    this.burstSeconds = burstSeconds;
    this.ratePerSecond = checkRate(ratePerSecond);
    this.balance = ratePerSecond * Math.min(1, burstSeconds);
    this.lastNanos = nowNanos;
  }

  synchronized boolean hasCredit(long nowNanos) {
    refill(nowNanos);
    return balance > 0;
  }

  synchronized void charge(double units, long nowNanos) {
    refill(nowNanos);
    balance -= units;
  }

  /** Changes the rate; what accrued so far at the old rate is kept, capped by the new burst. */
  synchronized void setRate(double newRate, long nowNanos) {
    refill(nowNanos);
    ratePerSecond = checkRate(newRate);
    balance = Math.min(balance, maxBalance());
  }

  synchronized double balance(long nowNanos) {
    refill(nowNanos);
    return balance;
  }

  synchronized double rate() {
    return ratePerSecond;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      balance = Math.min(maxBalance(), balance + elapsed * 1e-9 * ratePerSecond);
      lastNanos = nowNanos;
    }
  }

  private double maxBalance() {
    return ratePerSecond * burstSeconds;
  }

  private static double checkRate(double rate) {
    if (!(rate >= 1) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("provisioned capacity units must be >= 1: " + rate);
    }
    return rate;
  }
}

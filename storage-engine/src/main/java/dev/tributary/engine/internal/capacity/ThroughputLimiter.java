package dev.tributary.engine.internal.capacity;

import dev.tributary.engine.ProvisionedThroughputExceededException;
import dev.tributary.engine.ThrottlingException;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Enforces the provisioned read and write capacity of one table or one global secondary index. The
 * engine calls {@code check*} before a request (it throws when no credit is left) and {@code
 * charge*} with the units the request consumed once it is done, as DynamoDB lets a request that
 * starts within capacity finish and overdraw. Unused capacity accumulates for up to 300 seconds
 * (burst) and is spent first. PAY_PER_REQUEST throttles only beyond an on-demand maximum
 * (OnDemandThroughput), if one is set. Thread-safe; no allocation per call.
 */
public final class ThroughputLimiter {
  /** What the limiter guards; it picks DynamoDB's message. */
  public enum Scope {
    TABLE(
        "The level of configured provisioned throughput for the table was exceeded. Consider"
            + " increasing your provisioning level with the UpdateTable API."),
    GLOBAL_SECONDARY_INDEX(
        "The level of configured provisioned throughput for one or more global secondary indexes"
            + " of the table was exceeded. Consider increasing your provisioning level for the"
            + " under-provisioned global secondary indexes with the UpdateTable API");

    private final String message;

    Scope(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }

  private final Scope scope;
  private final LongSupplier nanoTime;
  private final Object modeLock = new Object();
  // Null while PAY_PER_REQUEST; replaced, never mutated into another mode.
  private volatile CreditBucket read;
  private volatile CreditBucket write;
  // On-demand maxima (OnDemandThroughput), applied only while PAY_PER_REQUEST; null: no maximum.
  private volatile CreditBucket maxRead;
  private volatile CreditBucket maxWrite;

  private ThroughputLimiter(Scope scope, LongSupplier nanoTime) {
    this.scope = Objects.requireNonNull(scope, "scope");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /** A PROVISIONED table or index with these read and write capacity units per second. */
  public static ThroughputLimiter provisioned(
      Scope scope, long readCapacityUnits, long writeCapacityUnits, LongSupplier nanoTime) {
    ThroughputLimiter l = new ThroughputLimiter(scope, nanoTime);
    l.setProvisioned(readCapacityUnits, writeCapacityUnits);
    return l;
  }

  /** An on-demand (PAY_PER_REQUEST) table or index: never throttled. */
  public static ThroughputLimiter payPerRequest(Scope scope, LongSupplier nanoTime) {
    return new ThroughputLimiter(scope, nanoTime);
  }

  public Scope scope() {
    return scope;
  }

  public boolean isPayPerRequest() {
    return read == null;
  }

  /** Throws if a read may not start now. */
  public void checkRead() {
    check(read);
    checkMaximum(read, maxRead, "Read");
  }

  /** Throws if a write may not start now. */
  public void checkWrite() {
    check(write);
    checkMaximum(write, maxWrite, "Write");
  }

  /** Charges the read units a finished request consumed; may leave the balance negative. */
  public void chargeRead(double units) {
    charge(read, units);
    if (read == null) {
      charge(maxRead, units);
    }
  }

  public void chargeWrite(double units) {
    charge(write, units);
    if (write == null) {
      charge(maxWrite, units);
    }
  }

  /**
   * An on-demand table's or index's maximum request units per second ({@code OnDemandThroughput});
   * {@code -1} (or less than 1) for no maximum. Applies while PAY_PER_REQUEST: requests beyond it
   * are refused with {@link ThrottlingException}. At most one second of unused units is kept.
   */
  public void setOnDemandMaximum(long maxReadRequestUnits, long maxWriteRequestUnits) {
    synchronized (modeLock) {
      long now = nanoTime.getAsLong();
      maxRead = maximum(maxRead, maxReadRequestUnits, now);
      maxWrite = maximum(maxWrite, maxWriteRequestUnits, now);
    }
  }

  private static CreditBucket maximum(CreditBucket current, long units, long now) {
    if (units < 1) {
      return null;
    }
    if (current == null) {
      return new CreditBucket(units, now, 1);
    }
    current.setRate((double) units, now);
    return current;
  }

  private void checkMaximum(CreditBucket provisioned, CreditBucket maximum, String operation) {
    if (provisioned == null && maximum != null && !maximum.hasCredit(nanoTime.getAsLong())) {
      throw new ThrottlingException(
          ThrottlingException.MAX_ON_DEMAND_EXCEEDED,
          (scope == Scope.TABLE ? "Table" : "Index") + operation + "MaxOnDemandThroughputExceeded");
    }
  }

  /**
   * Switches to PROVISIONED or changes the rates (UpdateTable, auto scaling). Credit accrued so far
   * is kept, capped at 300 seconds of the new rate.
   */
  public void setProvisioned(long readCapacityUnits, long writeCapacityUnits) {
    if (readCapacityUnits < 1 || writeCapacityUnits < 1) {
      throw new IllegalArgumentException(
          "provisioned capacity units must be >= 1: read "
              + readCapacityUnits
              + ", write "
              + writeCapacityUnits);
    }
    synchronized (modeLock) {
      long now = nanoTime.getAsLong();
      CreditBucket r = read;
      CreditBucket w = write;
      if (r == null || w == null) {
        read = new CreditBucket(readCapacityUnits, now);
        write = new CreditBucket(writeCapacityUnits, now);
      } else {
        r.setRate((double) readCapacityUnits, now);
        w.setRate((double) writeCapacityUnits, now);
      }
    }
  }

  /** Switches to PAY_PER_REQUEST; switching back starts with one second of credit. */
  public void setPayPerRequest() {
    synchronized (modeLock) {
      read = null;
      write = null;
    }
  }

  /** Current read credit (negative after an overdraft); 0 when PAY_PER_REQUEST. */
  public double readCredit() {
    CreditBucket b = read;
    return b == null ? 0 : b.balance(nanoTime.getAsLong());
  }

  public double writeCredit() {
    CreditBucket b = write;
    return b == null ? 0 : b.balance(nanoTime.getAsLong());
  }

  private void check(CreditBucket bucket) {
    if (bucket != null && !bucket.hasCredit(nanoTime.getAsLong())) {
      throw new ProvisionedThroughputExceededException(scope.message());
    }
  }

  private void charge(CreditBucket bucket, double units) {
    if (!(units >= 0)) {
      throw new IllegalArgumentException("consumed units must be >= 0: " + units);
    }
    if (bucket != null) {
      bucket.charge(units, nanoTime.getAsLong());
    }
  }
}

package dev.tributary.engine.internal;

/**
 * Provisioned capacity and its change history (for DescribeTable). Zero units mean on-demand. Times
 * are epoch milliseconds, 0 for never.
 */
public record ThroughputMeta(
    long readUnits,
    long writeUnits,
    long lastIncreaseMillis,
    long lastDecreaseMillis,
    long decreasesToday,
    long decreaseDayEpoch) {

  public static final ThroughputMeta ON_DEMAND = new ThroughputMeta(0, 0, 0, 0, 0, 0);

  public static ThroughputMeta of(long read, long write) {
    return new ThroughputMeta(read, write, 0, 0, 0, 0);
  }

  /** A change of capacity, recorded as DynamoDB records increases and decreases. */
  public ThroughputMeta changedTo(long read, long write, long nowMillis) {
    long day = nowMillis / 86_400_000L;
    long decreases = day == decreaseDayEpoch ? decreasesToday : 0;
    boolean increased = read > readUnits || write > writeUnits;
    boolean decreased = read < readUnits || write < writeUnits;
    return new ThroughputMeta(
        read,
        write,
        increased ? nowMillis : lastIncreaseMillis,
        decreased ? nowMillis : lastDecreaseMillis,
        decreased ? decreases + 1 : decreases,
        day);
  }
}

package dev.tributary.engine.internal.capacity;

/** How a read is charged: per 4 KB, half a unit, one unit or two units. */
public enum ReadConsistency {
  EVENTUAL(0.5),
  STRONG(1.0),
  TRANSACTIONAL(2.0);

  private final double unitsPer4Kb;

  ReadConsistency(double unitsPer4Kb) {
    this.unitsPer4Kb = unitsPer4Kb;
  }

  public double unitsPer4Kb() {
    return unitsPer4Kb;
  }

  /** {@code ConsistentRead: true} is STRONG; the default is EVENTUAL. */
  public static ReadConsistency of(boolean consistentRead) {
    return consistentRead ? STRONG : EVENTUAL;
  }
}

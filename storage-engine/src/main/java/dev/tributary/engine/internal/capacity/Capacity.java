package dev.tributary.engine.internal.capacity;

/**
 * Read and write units consumed on one table or index: DynamoDB's {@code Capacity} shape ({@code
 * CapacityUnits}, {@code ReadCapacityUnits}, {@code WriteCapacityUnits}).
 */
public record Capacity(double readCapacityUnits, double writeCapacityUnits) {
  public static final Capacity ZERO = new Capacity(0, 0);

  public Capacity {
    if (!(readCapacityUnits >= 0) || !(writeCapacityUnits >= 0)) {
      throw new IllegalArgumentException(
          "capacity units must be >= 0: read "
              + readCapacityUnits
              + ", write "
              + writeCapacityUnits);
    }
  }

  public static Capacity read(double units) {
    return new Capacity(units, 0);
  }

  public static Capacity write(double units) {
    return new Capacity(0, units);
  }

  /** {@code CapacityUnits}: read plus write. */
  public double capacityUnits() {
    return readCapacityUnits + writeCapacityUnits;
  }

  public Capacity plus(Capacity other) {
    return new Capacity(
        readCapacityUnits + other.readCapacityUnits, writeCapacityUnits + other.writeCapacityUnits);
  }
}

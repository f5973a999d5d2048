package dev.tributary.engine.model;

/** Read and write capacity units per second of a PROVISIONED table or index. */
public record ProvisionedThroughput(long readCapacityUnits, long writeCapacityUnits) {
  public static ProvisionedThroughput of(long readCapacityUnits, long writeCapacityUnits) {
    return new ProvisionedThroughput(readCapacityUnits, writeCapacityUnits);
  }
}

package dev.tributary.engine.model;

import java.util.Map;
import java.util.Optional;

/**
 * Capacity one request consumed, as DynamoDB reports it: the total always, the table and each index
 * separately with ReturnConsumedCapacity=INDEXES.
 */
public record ConsumedCapacity(
    String tableName,
    double capacityUnits,
    double readCapacityUnits,
    double writeCapacityUnits,
    Optional<Capacity> table,
    Map<String, Capacity> globalSecondaryIndexes,
    Map<String, Capacity> localSecondaryIndexes) {
  public ConsumedCapacity {
    globalSecondaryIndexes = Map.copyOf(globalSecondaryIndexes);
    localSecondaryIndexes = Map.copyOf(localSecondaryIndexes);
  }
}

package dev.tributary.engine.model;

import java.util.List;

/**
 * The writes of a BatchWriteItem that were not applied (throttled), to be sent again, and the
 * capacity the applied ones consumed.
 */
public record BatchWriteItemResponse(
    List<WriteRequest> unprocessedItems, List<ConsumedCapacity> consumedCapacity) {}

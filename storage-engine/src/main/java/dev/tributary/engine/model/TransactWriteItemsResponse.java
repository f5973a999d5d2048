package dev.tributary.engine.model;

import java.util.List;

/** Capacity a committed transaction consumed, per table. */
public record TransactWriteItemsResponse(List<ConsumedCapacity> consumedCapacity) {}

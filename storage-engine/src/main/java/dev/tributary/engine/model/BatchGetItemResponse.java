package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Map;

/** Items found per table, the keys left unread (to be asked again), and capacity per table. */
public record BatchGetItemResponse(
    Map<String, List<Map<String, AttributeValue>>> responses,
    Map<String, KeysAndAttributes> unprocessedKeys,
    List<ConsumedCapacity> consumedCapacity) {}

package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Optional;

/** What PutItem, UpdateItem and DeleteItem return: the attributes asked for by ReturnValues. */
public record WriteItemResponse(
    Optional<Map<String, AttributeValue>> attributes,
    Optional<ConsumedCapacity> consumedCapacity) {}

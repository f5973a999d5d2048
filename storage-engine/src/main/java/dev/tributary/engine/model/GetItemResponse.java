package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Optional;

/** The item GetItem found, if any. */
public record GetItemResponse(
    Optional<Map<String, AttributeValue>> item, Optional<ConsumedCapacity> consumedCapacity) {}

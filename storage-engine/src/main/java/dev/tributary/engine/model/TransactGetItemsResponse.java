package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One entry per requested key, in request order; empty where no item exists. */
public record TransactGetItemsResponse(
    List<Optional<Map<String, AttributeValue>>> responses,
    List<ConsumedCapacity> consumedCapacity) {}

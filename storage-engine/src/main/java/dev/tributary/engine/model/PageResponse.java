package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of a Query or Scan. {@code scannedCount} counts items read before the filter; {@code
 * lastEvaluatedKey} is present when more may follow (pass it as the next ExclusiveStartKey).
 */
public record PageResponse(
    List<Map<String, AttributeValue>> items,
    int count,
    int scannedCount,
    Optional<Map<String, AttributeValue>> lastEvaluatedKey,
    Optional<ConsumedCapacity> consumedCapacity) {}

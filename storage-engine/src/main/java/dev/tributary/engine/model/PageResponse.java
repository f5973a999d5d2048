package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a Query or Scan. {@code scannedCount} counts items read before the filter; {@code
 * lastEvaluatedKey} is present when more may follow (pass it as the next ExclusiveStartKey); {@code
 * stopReason} says why the page ended, and is {@link StopReason#END_OF_DATA} exactly when there is
 * no {@code lastEvaluatedKey}.
 */
public record PageResponse(
    List<Map<String, AttributeValue>> items,
    int count,
    int scannedCount,
    Optional<Map<String, AttributeValue>> lastEvaluatedKey,
    Optional<ConsumedCapacity> consumedCapacity,
    StopReason stopReason) {
  public PageResponse {
    Objects.requireNonNull(stopReason, "stopReason");
  }
}

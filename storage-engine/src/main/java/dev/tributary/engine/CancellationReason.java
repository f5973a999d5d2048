package dev.tributary.engine;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Why one action of a transaction was cancelled, in DynamoDB's codes: {@code None}, {@code
 * ConditionalCheckFailed}, {@code TransactionConflict}, {@code ValidationError}, {@code
 * ProvisionedThroughputExceeded}, {@code ItemCollectionSizeLimitExceeded}.
 */
public record CancellationReason(
    String code, Optional<String> message, Optional<Map<String, AttributeValue>> item) {
  public static final CancellationReason NONE =
      new CancellationReason("None", Optional.empty(), Optional.empty());

  public CancellationReason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
    item = Objects.requireNonNull(item, "item").map(Map::copyOf);
  }

  public static CancellationReason of(String code, String message) {
    return new CancellationReason(code, Optional.of(message), Optional.empty());
  }
}

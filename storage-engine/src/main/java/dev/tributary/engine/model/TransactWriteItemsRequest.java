package dev.tributary.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Up to 100 actions on distinct items, applied all or nothing. A ClientRequestToken makes the call
 * idempotent for 10 minutes: a repeat with the same token and parameters succeeds without applying
 * anything again.
 */
public record TransactWriteItemsRequest(
    List<TransactWriteItem> transactItems,
    Optional<String> clientRequestToken,
    ReturnConsumedCapacity returnConsumedCapacity) {
  public TransactWriteItemsRequest {
    transactItems = List.copyOf(Objects.requireNonNull(transactItems, "transactItems"));
    Objects.requireNonNull(clientRequestToken, "clientRequestToken");
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static TransactWriteItemsRequest of(TransactWriteItem... items) {
    return new TransactWriteItemsRequest(
        List.of(items), Optional.empty(), ReturnConsumedCapacity.NONE);
  }

  public TransactWriteItemsRequest withClientRequestToken(String token) {
    return new TransactWriteItemsRequest(transactItems, Optional.of(token), returnConsumedCapacity);
  }

  public TransactWriteItemsRequest withReturnConsumedCapacity(ReturnConsumedCapacity mode) {
    return new TransactWriteItemsRequest(transactItems, clientRequestToken, mode);
  }
}

package dev.tributary.engine;

import java.util.List;

/**
 * A transaction was cancelled; nothing it asked for was applied. {@link #reasons()} holds one entry
 * per action, in request order, {@code None} for the actions that were not the cause.
 */
public class TransactionCanceledException extends DynamoDbException {
  private final List<CancellationReason> reasons;

  public TransactionCanceledException(List<CancellationReason> reasons) {
    super(message(reasons));
    this.reasons = List.copyOf(reasons);
  }

  public List<CancellationReason> reasons() {
    return reasons;
  }

  private static String message(List<CancellationReason> reasons) {
    StringBuilder codes = new StringBuilder();
    for (CancellationReason r : reasons) {
      if (codes.length() > 0) {
        codes.append(", ");
      }
      codes.append(r.code());
    }
    return "Transaction cancelled, please refer cancellation reasons for specific reasons ["
        + codes
        + "]";
  }
}

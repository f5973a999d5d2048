package dev.tributary.engine;

/** A transaction with this ClientRequestToken is still being processed. */
public class TransactionInProgressException extends DynamoDbException {
  public TransactionInProgressException(String message) {
    super(message);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

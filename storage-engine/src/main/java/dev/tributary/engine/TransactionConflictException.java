package dev.tributary.engine;

/** The item is being changed by a transaction that is in flight. */
public class TransactionConflictException extends DynamoDbException {
  public TransactionConflictException(String message) {
    super(message);
  }
}

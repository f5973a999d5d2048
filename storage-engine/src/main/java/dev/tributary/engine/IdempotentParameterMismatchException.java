package dev.tributary.engine;

/** A ClientRequestToken was reused with different request parameters. */
public class IdempotentParameterMismatchException extends DynamoDbException {
  public IdempotentParameterMismatchException(String message) {
    super(message);
  }
}

package dev.tributary.engine;

/** Too many concurrent control-plane operations, or an account limit was reached. */
public class LimitExceededException extends DynamoDbException {
  public LimitExceededException(String message) {
    super(message);
  }
}

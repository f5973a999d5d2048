package dev.tributary.engine;

import dev.tributary.core.TributaryException;

/**
 * An error the table engine reports as DynamoDB would: the subclass name is DynamoDB's error name
 * ({@link #errorCode()}), the message is DynamoDB's wording, and {@link #httpStatus()} is the
 * status DynamoDB answers with, so SDK retry logic behaves as against AWS.
 */
public abstract class DynamoDbException extends TributaryException {
  protected DynamoDbException(String message) {
    super(message);
  }

  protected DynamoDbException(String message, Throwable cause) {
    super(message, cause);
  }

  /** DynamoDB's error name, e.g. {@code ValidationException}. */
  public String errorCode() {
    return getClass().getSimpleName();
  }

  /** The HTTP status DynamoDB uses for this error. */
  public int httpStatus() {
    return 400;
  }

  /** Whether an SDK would retry this error. */
  public boolean retryable() {
    return false;
  }
}

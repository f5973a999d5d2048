package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/** The {@code X-Amz-Target} names an operation this endpoint does not serve. */
public class UnknownOperationException extends DynamoDbException {
  public UnknownOperationException(String message) {
    super(message);
  }
}

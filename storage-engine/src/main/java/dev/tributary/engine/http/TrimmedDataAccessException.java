package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/**
 * A DynamoDB Streams read asked for records that retention has already trimmed from the change log.
 */
public class TrimmedDataAccessException extends DynamoDbException {
  public TrimmedDataAccessException(String message) {
    super(message);
  }
}

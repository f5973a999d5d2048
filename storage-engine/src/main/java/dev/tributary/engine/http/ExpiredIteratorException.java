package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/**
 * A DynamoDB Streams shard iterator was used more than 15 minutes after it was issued; get a new
 * one.
 */
public class ExpiredIteratorException extends DynamoDbException {
  public ExpiredIteratorException(String message) {
    super(message);
  }
}

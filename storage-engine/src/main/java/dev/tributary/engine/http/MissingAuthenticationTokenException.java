package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/**
 * The request carries no {@code Authorization} header (DynamoDB: "Request is missing Authentication
 * Token").
 */
public class MissingAuthenticationTokenException extends DynamoDbException {
  public MissingAuthenticationTokenException(String message) {
    super(message);
  }
}

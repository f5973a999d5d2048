package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/**
 * The request's SigV4 signature does not match, or its timestamp is more than 15 minutes from the
 * server's clock.
 */
public class InvalidSignatureException extends DynamoDbException {
  public InvalidSignatureException(String message) {
    super(message);
  }
}

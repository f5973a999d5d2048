package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/** The {@code Authorization} header is present but malformed: a missing or unparsable component. */
public class IncompleteSignatureException extends DynamoDbException {
  public IncompleteSignatureException(String message) {
    super(message);
  }
}

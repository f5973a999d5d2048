package dev.tributary.engine.http;

import dev.tributary.engine.DynamoDbException;

/** The request body is not valid JSON, or a member has the wrong JSON type. */
public class SerializationException extends DynamoDbException {
  public SerializationException(String message) {
    super(message);
  }
}

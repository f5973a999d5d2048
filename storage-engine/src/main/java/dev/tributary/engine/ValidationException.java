package dev.tributary.engine;

/** A request parameter, expression or value is invalid; the message names it. */
public class ValidationException extends DynamoDbException {
  public ValidationException(String message) {
    super(message);
  }
}

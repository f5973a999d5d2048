package dev.tributary.core;

/**
 * An attribute value that DynamoDB would reject: a number out of range or over 38 digits, an empty
 * or duplicated set, malformed JSON. The message uses DynamoDB's own wording, so a DynamoDB-facing
 * layer can pass it on as a {@code ValidationException} unchanged.
 */
public class InvalidAttributeValueException extends BadRecordException {
  public InvalidAttributeValueException(String message) {
    super(message);
  }
}

package dev.tributary.core;

/**
 * An attribute value whose JSON cannot even be read as DynamoDB's types: a number or list where a
 * string belongs, Base64 that is not Base64. DynamoDB answers these as a {@code
 * SerializationException}, not a {@code ValidationException}.
 */
public class MalformedAttributeValueException extends InvalidAttributeValueException {
  public MalformedAttributeValueException(String message) {
    super(message);
  }
}

package dev.tributary.engine.http.internal;

import dev.tributary.core.InvalidAttributeValueException;
import dev.tributary.engine.ValidationException;
import java.util.List;

/**
 * DynamoDB's single-item writes (PutItem, UpdateItem, DeleteItem) report their request validation
 * errors inside the {@code 1 validation error detected: } envelope: expression errors,
 * ExpressionAttributeNames/Values misuse, ReturnValues, malformed legacy {@code Expected}
 * conditions and malformed numbers and sets. Key and schema errors stay bare, as do the same errors
 * on reads, batches and transactions.
 */
final class ValidationEnvelope {
  static final String PREFIX = "1 validation error detected: ";
  private static final String INVALID = "One or more parameter values were invalid: ";
  private static final List<String> ENVELOPED =
      List.of(
          "Invalid ConditionExpression:",
          "Invalid UpdateExpression:",
          "ExpressionAttributeValues ",
          "ExpressionAttributeNames ",
          "ReturnValues can only be",
          INVALID + "Value must be provided when Exists is true",
          INVALID + "Value cannot be used when Exists is false",
          INVALID + "Value and AttributeValueList cannot be used together",
          INVALID + "Value or AttributeValueList must be used",
          INVALID + "Invalid number of argument(s)");
  // Malformed values as they are read; an update's own arithmetic overflowing is not one of them.
  private static final List<String> ENVELOPED_VALUES =
      List.of(
          INVALID + "Input collection",
          "The parameter cannot be converted to a numeric value",
          "Number overflow.",
          "Number underflow.",
          "Attempting to store more than 38 significant digits");

  private ValidationEnvelope() {}

  /** The failure as the single-item writes answer it. */
  static Throwable wrap(Throwable failure) {
    if (!(failure instanceof ValidationException
        || failure instanceof InvalidAttributeValueException)) {
      return failure;
    }
    String message = failure.getMessage();
    if (message == null || message.startsWith(PREFIX)) {
      return failure;
    }
    for (String family : ENVELOPED) {
      if (message.startsWith(family)) {
        return new ValidationException(PREFIX + message);
      }
    }
    if (failure instanceof InvalidAttributeValueException
        || failure instanceof JsonRequest.ValueReadException) {
      for (String family : ENVELOPED_VALUES) {
        if (message.startsWith(family)) {
          return new ValidationException(PREFIX + message);
        }
      }
    }
    return failure;
  }
}

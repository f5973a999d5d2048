package dev.tributary.engine.http.internal;

import dev.tributary.engine.DynamoDbException;

/**
 * An error the protocol layer raises itself, with DynamoDB's name and status: malformed bodies
 * ({@code SerializationException}), unknown targets ({@code UnknownOperationException}), oversized
 * requests, internal failures.
 */
public final class WireException extends DynamoDbException {
  private final String errorCode;
  private final int status;

  public WireException(String errorCode, int status, String message) {
    super(message);
    this.errorCode = errorCode;
    this.status = status;
  }

  @Override
  public String errorCode() {
    return errorCode;
  }

  @Override
  public int httpStatus() {
    return status;
  }

  @Override
  public boolean retryable() {
    return status >= 500;
  }

  public static WireException serialization(String message) {
    return new WireException("SerializationException", 400, message);
  }

  public static WireException unknownOperation() {
    return new WireException(
        "UnknownOperationException", 400, "The requested operation is not supported");
  }

  public static WireException unknownOperation(String target) {
    return new WireException(
        "UnknownOperationException", 400, "The requested operation is not supported: " + target);
  }

  public static WireException internal() {
    return new WireException("InternalServerError", 500, "Internal server error");
  }

  public static WireException tooLarge(long maxBytes) {
    return new WireException(
        "RequestEntityTooLarge",
        413,
        "Request payload size exceeded the maximum of " + maxBytes + " bytes");
  }
}

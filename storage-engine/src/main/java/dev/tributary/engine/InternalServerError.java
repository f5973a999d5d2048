package dev.tributary.engine;

/** An unexpected failure inside the engine; the request had no effect. */
public class InternalServerError extends DynamoDbException {
  public InternalServerError(String message) {
    super(message);
  }

  @Override
  public int httpStatus() {
    return 500;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

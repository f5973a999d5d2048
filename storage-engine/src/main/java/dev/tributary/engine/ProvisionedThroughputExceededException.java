package dev.tributary.engine;

/** A PROVISIONED table or index has used its capacity and burst credit. */
public class ProvisionedThroughputExceededException extends DynamoDbException {
  public ProvisionedThroughputExceededException(String message) {
    super(message);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

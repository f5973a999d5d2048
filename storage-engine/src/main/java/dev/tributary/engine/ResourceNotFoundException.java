package dev.tributary.engine;

/** The table or index does not exist, or is not ACTIVE. */
public class ResourceNotFoundException extends DynamoDbException {
  public ResourceNotFoundException(String message) {
    super(message);
  }
}

package dev.tributary.engine;

/** The table already exists, or is being created, updated or deleted. */
public class ResourceInUseException extends DynamoDbException {
  public ResourceInUseException(String message) {
    super(message);
  }
}

package dev.tributary.engine;

/** An item collection of a table with local secondary indexes exceeded 10 GB. */
public class ItemCollectionSizeLimitExceededException extends DynamoDbException {
  public ItemCollectionSizeLimitExceededException(String message) {
    super(message);
  }
}

package dev.tributary.engine;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Optional;

/**
 * A ConditionExpression evaluated to false. Carries the item as it was when the request asked for
 * it with {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}.
 */
public class ConditionalCheckFailedException extends DynamoDbException {
  public static final String MESSAGE = "The conditional request failed";

  private final Map<String, AttributeValue> item;

  public ConditionalCheckFailedException() {
    this(null);
  }

  public ConditionalCheckFailedException(Map<String, AttributeValue> item) {
    super(MESSAGE);
    this.item = item == null ? null : Map.copyOf(item);
  }

  /** The item at the time of the failed check, when the request asked for it. */
  public Optional<Map<String, AttributeValue>> item() {
    return Optional.ofNullable(item);
  }
}

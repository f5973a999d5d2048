package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A KeyConditionExpression matched to a key schema: the partition values in schema order, the
 * values of the sort attributes fixed by {@code =} (left to right), and the optional range term on
 * the next sort attribute.
 */
public record KeyMatch(
    List<AttributeValue> partitionValues,
    List<AttributeValue> sortPrefix,
    Optional<KeyTerm> range) {
  public KeyMatch {
    partitionValues = List.copyOf(Objects.requireNonNull(partitionValues, "partitionValues"));
    sortPrefix = List.copyOf(Objects.requireNonNull(sortPrefix, "sortPrefix"));
    Objects.requireNonNull(range, "range");
  }
}

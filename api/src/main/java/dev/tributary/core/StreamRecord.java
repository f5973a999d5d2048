package dev.tributary.core;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code dynamodb} part of a change event: keys, images by view type, sequence number, size and
 * creation time, exactly as DynamoDB Streams delivers them.
 */
public record StreamRecord(
    Map<String, AttributeValue> keys,
    Optional<Map<String, AttributeValue>> newImage,
    Optional<Map<String, AttributeValue>> oldImage,
    String sequenceNumber,
    long sizeBytes,
    StreamViewType streamViewType,
    Instant approximateCreationDateTime) {

  public StreamRecord {
    keys = frozen(Objects.requireNonNull(keys, "keys"));
    newImage = Objects.requireNonNull(newImage, "newImage").map(StreamRecord::frozen);
    oldImage = Objects.requireNonNull(oldImage, "oldImage").map(StreamRecord::frozen);
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(streamViewType, "streamViewType");
    Objects.requireNonNull(approximateCreationDateTime, "approximateCreationDateTime");
  }

  /** An unmodifiable copy that keeps the attributes' order, so printed images read naturally. */
  private static Map<String, AttributeValue> frozen(Map<String, AttributeValue> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}

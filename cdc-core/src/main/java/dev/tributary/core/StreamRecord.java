package dev.tributary.core;

import java.time.Instant;
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
    keys = Map.copyOf(Objects.requireNonNull(keys, "keys"));
    newImage = Objects.requireNonNull(newImage, "newImage").map(Map::copyOf);
    oldImage = Objects.requireNonNull(oldImage, "oldImage").map(Map::copyOf);
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(streamViewType, "streamViewType");
    Objects.requireNonNull(approximateCreationDateTime, "approximateCreationDateTime");
  }
}

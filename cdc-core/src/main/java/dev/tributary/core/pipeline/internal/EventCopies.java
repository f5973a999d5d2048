package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Copies of events with another name or other images; everything else is kept as the source wrote
 * it.
 */
final class EventCopies {
  private EventCopies() {}

  static ChangeEvent rewrite(
      ChangeEvent e,
      EventName name,
      Optional<Map<String, AttributeValue>> newImage,
      Optional<Map<String, AttributeValue>> oldImage) {
    StreamRecord r = e.dynamodb();
    return new ChangeEvent(
        e.eventId(),
        name,
        e.eventVersion(),
        e.eventSource(),
        e.awsRegion(),
        e.eventSourceArn(),
        new StreamRecord(
            r.keys(),
            newImage,
            oldImage,
            r.sequenceNumber(),
            r.sizeBytes(),
            r.streamViewType(),
            r.approximateCreationDateTime()),
        e.userIdentity(),
        e.snapshot());
  }

  /** Keeps only {@code attributes} and the keys in both images. */
  static ChangeEvent project(ChangeEvent e, Set<String> attributes) {
    Map<String, AttributeValue> keys = e.dynamodb().keys();
    return rewrite(
        e,
        e.eventName(),
        e.dynamodb().newImage().map(i -> keep(i, attributes, keys)),
        e.dynamodb().oldImage().map(i -> keep(i, attributes, keys)));
  }

  private static Map<String, AttributeValue> keep(
      Map<String, AttributeValue> image, Set<String> attributes, Map<String, AttributeValue> keys) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    image.forEach(
        (name, value) -> {
          if (keys.containsKey(name) || attributes.contains(name)) {
            out.put(name, value);
          }
        });
    return out;
  }
}

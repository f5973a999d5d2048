package dev.tributary.handlers.search;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Hand-made change events, shaped as the engine makes them. */
public final class Events {
  private Events() {}

  public static String arn(String table) {
    return "arn:aws:dynamodb:us-east-1:000000000000:table/"
        + table
        + "/stream/2025-01-01T00:00:00.000";
  }

  public static ChangeEvent event(
      String table,
      EventName name,
      String sequence,
      Map<String, AttributeValue> keys,
      Optional<Map<String, AttributeValue>> newImage) {
    StreamRecord r =
        new StreamRecord(
            keys,
            newImage,
            Optional.empty(),
            sequence,
            100,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.parse("2025-01-01T00:00:00Z"));
    return new ChangeEvent(
        table + "-" + sequence + "-" + name,
        name,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        arn(table),
        r,
        Optional.empty(),
        false);
  }

  public static ChangeEvent put(
      String table,
      long sequence,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> image) {
    return event(table, EventName.MODIFY, Long.toString(sequence), keys, Optional.of(image));
  }

  public static ChangeEvent remove(String table, long sequence, Map<String, AttributeValue> keys) {
    return event(table, EventName.REMOVE, Long.toString(sequence), keys, Optional.empty());
  }

  /** A batch context for calling handlers directly. */
  public static BatchContext context(int attempt) {
    return BatchContext.of("test", "search", attempt, 0, 0, 0);
  }
}

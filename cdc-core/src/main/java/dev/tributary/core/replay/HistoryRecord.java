package dev.tributary.core.replay;

import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One event of history on its way to a handler, with where it was read (for dead-letter headers and
 * logs): a lane topic partition and offset, or a change log ({@code partition} -1, {@code offset}
 * the sequence), or an archive.
 *
 * @param key the Kafka record key the event had or would have (the item's keys as JSON otherwise)
 */
public record HistoryRecord(
    ChangeEvent event, byte[] key, String source, int partition, long offset) {
  public HistoryRecord {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(source, "source");
  }

  /** An event read outside Kafka; its key is the item's keys as JSON. */
  public static HistoryRecord of(ChangeEvent event, String source, long offset) {
    byte[] key =
        AttributeValueJson.itemToJson(event.dynamodb().keys()).getBytes(StandardCharsets.UTF_8);
    return new HistoryRecord(event, key, source, -1, offset);
  }

  /** The same origin, another event (the source's event after routing). */
  public HistoryRecord withEvent(ChangeEvent routed) {
    return new HistoryRecord(routed, key, source, partition, offset);
  }
}

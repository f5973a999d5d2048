package dev.tributary.core.kafka;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Change events on Kafka: the value is the event's Lambda-shaped JSON in UTF-8, so any consumer (or
 * {@code kafka-console-consumer}) reads it without Tributary. A value that is not an event raises
 * {@link BadRecordException}, which runners send to the dead-letter topic.
 */
public final class ChangeEventSerde implements Serde<ChangeEvent> {
  /** Record header: the event name (INSERT, MODIFY, REMOVE), for routing without parsing. */
  public static final String HEADER_EVENT_NAME = "tributary.eventName";

  /** Record header: the source table. */
  public static final String HEADER_TABLE = "tributary.table";

  /**
   * Record header: the event's {@code SequenceNumber}, so the topology drops redeliveries without
   * parsing the value.
   */
  public static final String HEADER_SEQUENCE = "tributary.sequence";

  /** Record header: {@code true} for a snapshot (backfill) event, else {@code false}. */
  public static final String HEADER_SNAPSHOT = "tributary.snapshot";

  /**
   * Adds the routing headers of {@code event} (name, table, sequence, snapshot) to {@code headers}.
   * Sources write them on change-topic records: a pipeline whose filters and routes need nothing
   * else then routes the record without parsing its value. They must describe the value they come
   * with.
   */
  public static void addRoutingHeaders(Headers headers, ChangeEvent event, String table) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(table, "table");
    headers.add(HEADER_EVENT_NAME, utf8(event.eventName().name()));
    headers.add(HEADER_TABLE, utf8(table));
    headers.add(HEADER_SEQUENCE, utf8(event.dynamodb().sequenceNumber()));
    headers.add(HEADER_SNAPSHOT, utf8(Boolean.toString(event.snapshot())));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Serializer<ChangeEvent> serializer() {
    return (topic, event) -> event == null ? null : toBytes(event);
  }

  @Override
  public Deserializer<ChangeEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
  }

  public static byte[] toBytes(ChangeEvent event) {
    return ChangeEventJson.toJsonBytes(event);
  }

  public static ChangeEvent fromBytes(byte[] bytes) {
    try {
      return ChangeEventJson.fromJson(bytes);
    } catch (BadRecordException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadRecordException("Not a change event: " + e.getMessage(), e);
    }
  }
}

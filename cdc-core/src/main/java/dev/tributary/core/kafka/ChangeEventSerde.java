package dev.tributary.core.kafka;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Change events on Kafka: the value is the event's Lambda-shaped JSON in UTF-8, so any consumer
 * (or {@code kafka-console-consumer}) reads it without Tributary. A value that is not an event
 * raises {@link BadRecordException}, which runners send to the dead-letter topic.
 */
public final class ChangeEventSerde implements Serde<ChangeEvent> {
  /** Record header: the event name (INSERT, MODIFY, REMOVE), for routing without parsing. */
  public static final String HEADER_EVENT_NAME = "tributary.eventName";
  /** Record header: the source table. */
  public static final String HEADER_TABLE = "tributary.table";

  @Override
  public Serializer<ChangeEvent> serializer() {
    return (topic, event) ->
        event == null ? null : ChangeEventJson.toJson(event).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Deserializer<ChangeEvent> deserializer() {
    return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
  }

  public static byte[] toBytes(ChangeEvent event) {
    return ChangeEventJson.toJson(event).getBytes(StandardCharsets.UTF_8);
  }

  public static ChangeEvent fromBytes(byte[] bytes) {
    try {
      return ChangeEventJson.fromJson(new String(bytes, StandardCharsets.UTF_8));
    } catch (BadRecordException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadRecordException("Not a change event: " + e.getMessage(), e);
    }
  }
}

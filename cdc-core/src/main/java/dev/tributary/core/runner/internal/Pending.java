package dev.tributary.core.runner.internal;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One lane record a runner holds until its offset is committed, with its delivery history. */
final class Pending {
  enum Status {
    /** Not yet handled successfully; may be in back-off. */
    WAITING,
    /** Its effect is done. */
    DONE,
    /** It goes to the dead-letter topic with the commit that passes its offset. */
    DEAD
  }

  private static final ByteBuffer NULL_KEY = ByteBuffer.wrap(new byte[0]);

  final ConsumerRecord<byte[], byte[]> record;
  final ChangeEvent event; // null when the value is not an event (dead on arrival)
  final ByteBuffer key;
  final long arrivalNanos;
  Status status = Status.WAITING;
  int failures;
  long firstFailureMillis;
  Throwable lastError;
  long dueNanos;
  String parkedBehind; // eventID of the dead-lettered event this one was parked behind

  /** A lane record as the runner polled it: its value is parsed here (dead on arrival if bad). */
  Pending(ConsumerRecord<byte[], byte[]> record, long arrivalNanos) {
    this(record, arrivalNanos, parse(record));
  }

  /**
   * A record whose event was read elsewhere (history a replay delivers): {@code record} says where
   * from; its value, when null, is the event's serialized form, made only for a dead letter.
   */
  Pending(ConsumerRecord<byte[], byte[]> record, ChangeEvent event, long arrivalNanos) {
    this(record, arrivalNanos, Objects.requireNonNull(event, "event"));
  }

  private Pending(ConsumerRecord<byte[], byte[]> record, long arrivalNanos, Object parsed) {
    this.record = record;
    this.key = record.key() == null ? NULL_KEY : ByteBuffer.wrap(record.key());
    this.arrivalNanos = arrivalNanos;
    this.dueNanos = arrivalNanos;
    this.event = parsed instanceof ChangeEvent e ? e : null;
    if (parsed instanceof BadRecordException bad) {
      failures = 1;
      dead(bad, System.currentTimeMillis());
    }
  }

  /** The event, or the BadRecordException that says why the value is none. */
  private static Object parse(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return new BadRecordException("Lane record without a value");
    }
    try {
      return ChangeEventSerde.fromBytes(record.value());
    } catch (BadRecordException e) {
      return e;
    }
  }

  /** The record's value: as read, or the event serialized when it was read elsewhere. */
  byte[] value() {
    return record.value() == null && event != null
        ? ChangeEventSerde.toBytes(event)
        : record.value();
  }

  long offset() {
    return record.offset();
  }

  String eventId() {
    return event == null ? "offset-" + record.offset() : event.eventId();
  }

  boolean resolved() {
    return status != Status.WAITING;
  }

  void failed(Throwable error, long nowMillis) {
    failures++;
    if (firstFailureMillis == 0) {
      firstFailureMillis = nowMillis;
    }
    lastError = error;
  }

  void dead(Throwable error, long nowMillis) {
    if (firstFailureMillis == 0) {
      firstFailureMillis = nowMillis;
    }
    lastError = error;
    status = Status.DEAD;
  }
}

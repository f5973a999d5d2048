package dev.tributary.core.runner.internal;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.nio.ByteBuffer;
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

  Pending(ConsumerRecord<byte[], byte[]> record, long arrivalNanos) {
    this.record = record;
    this.key = record.key() == null ? NULL_KEY : ByteBuffer.wrap(record.key());
    this.arrivalNanos = arrivalNanos;
    this.dueNanos = arrivalNanos;
    ChangeEvent parsed = null;
    if (record.value() == null) {
      failures = 1;
      dead(new BadRecordException("Lane record without a value"), System.currentTimeMillis());
    } else {
      try {
        parsed = ChangeEventSerde.fromBytes(record.value());
      } catch (BadRecordException e) {
        failures = 1;
        dead(e, System.currentTimeMillis());
      }
    }
    this.event = parsed;
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

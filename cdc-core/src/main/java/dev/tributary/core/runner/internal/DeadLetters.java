package dev.tributary.core.runner.internal;

import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.kafka.internal.DeadLetterRecords;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Turns a dead record into its dead-letter record: original key, value and headers, plus why. */
final class DeadLetters {
  private DeadLetters() {}

  static ProducerRecord<byte[], byte[]> of(Pending p, String deadLetterTopic) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : p.record.headers()) {
      headers.add(h);
    }
    DeadLetterRecords.describe(
        headers,
        p.lastError,
        p.failures,
        p.firstFailureMillis,
        p.record.topic(),
        p.record.partition(),
        p.offset());
    if (p.parkedBehind != null) {
      DeadLetterRecords.set(headers, DeadLetterHeaders.PARKED_BEHIND, p.parkedBehind);
    }
    Long timestamp =
        p.record.timestamp() >= 0 ? p.record.timestamp() : null; // none: the send's time
    return new ProducerRecord<>(
        deadLetterTopic, null, timestamp, p.record.key(), p.value(), headers);
  }
}

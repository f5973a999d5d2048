package dev.tributary.core.runner.internal;

import dev.tributary.core.runner.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Turns a dead record into its dead-letter record: original key, value and headers, plus why. */
final class DeadLetters {
  private static final int MAX_MESSAGE = 2_000;

  private DeadLetters() {}

  static ProducerRecord<byte[], byte[]> of(Pending p, String deadLetterTopic) {
    RecordHeaders headers = new RecordHeaders();
    for (Header h : p.record.headers()) {
      headers.add(h);
    }
    Throwable error = p.lastError;
    String message = error == null || error.getMessage() == null ? "" : error.getMessage();
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE);
    }
    put(headers, DeadLetterHeaders.ERROR_CLASS, error == null ? "" : errorClass(error));
    put(headers, DeadLetterHeaders.ERROR_MESSAGE, message);
    put(headers, DeadLetterHeaders.ATTEMPTS, Integer.toString(p.failures));
    put(headers, DeadLetterHeaders.FIRST_FAILURE, Long.toString(p.firstFailureMillis));
    put(headers, DeadLetterHeaders.SOURCE_TOPIC, p.record.topic());
    put(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(p.record.partition()));
    put(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(p.offset()));
    if (p.parkedBehind != null) {
      put(headers, DeadLetterHeaders.PARKED_BEHIND, p.parkedBehind);
    }
    return new ProducerRecord<>(
        deadLetterTopic, null, p.record.timestamp(), p.record.key(), p.record.value(), headers);
  }

  private static String errorClass(Throwable error) {
    return error.getClass().getName();
  }

  private static void put(RecordHeaders headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}

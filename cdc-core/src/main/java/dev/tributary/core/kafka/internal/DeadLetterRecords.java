package dev.tributary.core.kafka.internal;

import dev.tributary.core.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/** Writes the {@link DeadLetterHeaders} the topology and the runners share, the same way. */
public final class DeadLetterRecords {
  private static final int MAX_MESSAGE = 2_000;

  private DeadLetterRecords() {}

  /** Why ({@code error}, how many failed attempts, since when) and from where, onto {@code h}. */
  public static void describe(
      Headers h,
      Throwable error,
      int attempts,
      long firstFailureMillis,
      String topic,
      int partition,
      long offset) {
    set(h, DeadLetterHeaders.ERROR_CLASS, error == null ? "" : error.getClass().getName());
    set(h, DeadLetterHeaders.ERROR_MESSAGE, message(error));
    set(h, DeadLetterHeaders.ATTEMPTS, Integer.toString(attempts));
    set(h, DeadLetterHeaders.FIRST_FAILURE, Long.toString(firstFailureMillis));
    set(h, DeadLetterHeaders.SOURCE_TOPIC, topic);
    set(h, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(partition));
    set(h, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(offset));
  }

  /** Replaces header {@code name} (a copied record may carry an older one). */
  public static void set(Headers h, String name, String value) {
    h.remove(name);
    h.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String message(Throwable error) {
    String m = error == null || error.getMessage() == null ? "" : error.getMessage();
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
  }
}

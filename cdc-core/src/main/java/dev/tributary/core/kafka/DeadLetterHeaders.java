package dev.tributary.core.kafka;

/**
 * The headers of every dead-letter record Tributary writes, whether the topology could not read a
 * change record ({@code tributary.dlq.<pipeline>._topology}) or a runner gave up on an event (the
 * handler's dead-letter topic). The record keeps the original key, value and headers; these are
 * added. Values are UTF-8 strings. One set of names, so one replay tool reads both.
 */
public final class DeadLetterHeaders {
  /** Class name of the last error, e.g. {@code dev.tributary.core.BadRecordException}. */
  public static final String ERROR_CLASS = "tributary.error.class";

  /** Message of the last error (may be empty), cut at 2,000 characters. */
  public static final String ERROR_MESSAGE = "tributary.error.message";

  /** How many deliveries of the event failed ({@code 1} for the topology's dead letters). */
  public static final String ATTEMPTS = "tributary.attempts";

  /** When the event first failed, epoch milliseconds. */
  public static final String FIRST_FAILURE = "tributary.firstFailure";

  /** The topic the record came from: a change topic (topology) or a lane topic (runner). */
  public static final String SOURCE_TOPIC = "tributary.source.topic";

  /** The partition of {@link #SOURCE_TOPIC} the record came from. */
  public static final String SOURCE_PARTITION = "tributary.source.partition";

  /** The offset in {@link #SOURCE_TOPIC} the record came from. */
  public static final String SOURCE_OFFSET = "tributary.source.offset";

  /**
   * Runner only: present when the event itself did not fail but was parked behind an earlier
   * dead-lettered event of the same key (per-key failure isolation): that event's eventID.
   */
  public static final String PARKED_BEHIND = "tributary.parkedBehind";

  private DeadLetterHeaders() {}
}

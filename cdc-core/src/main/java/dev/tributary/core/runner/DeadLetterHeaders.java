package dev.tributary.core.runner;

/**
 * Headers a runner adds to a dead-letter record, next to the lane record's own key, value and
 * headers. Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {
  /** Class name of the last error, e.g. {@code dev.tributary.core.BadRecordException}. */
  public static final String ERROR_CLASS = "tributary.error.class";
  /** Message of the last error (may be empty). */
  public static final String ERROR_MESSAGE = "tributary.error.message";
  /** How many deliveries of the event failed. */
  public static final String ATTEMPTS = "tributary.attempts";
  /** When the event first failed, epoch milliseconds. */
  public static final String FIRST_FAILURE = "tributary.firstFailure";
  /** The lane topic, partition and offset the event came from. */
  public static final String SOURCE_TOPIC = "tributary.source.topic";
  public static final String SOURCE_PARTITION = "tributary.source.partition";
  public static final String SOURCE_OFFSET = "tributary.source.offset";
  /**
   * Present when the event itself did not fail but was parked behind an earlier dead-lettered
   * event of the same key (per-key failure isolation): that event's eventID.
   */
  public static final String PARKED_BEHIND = "tributary.parkedBehind";

  private DeadLetterHeaders() {}
}

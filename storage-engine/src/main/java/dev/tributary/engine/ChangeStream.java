package dev.tributary.engine;

import dev.tributary.core.ChangeEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A table's change log, read from Java. Sequence numbers are per table, increase with every change
 * and are never reused; a reader remembers the last one it processed and asks for what follows.
 * Records are retained for the engine's retention period.
 */
public interface ChangeStream {
  String tableName();

  /** The current stream's ARN (DynamoDB Streams' identifier). */
  String streamArn();

  Optional<String> streamLabel();

  /**
   * The first sequence number the current stream (label) can hold; records before it were written
   * under an earlier stream of the table (disabled and enabled again since).
   */
  long streamStartSequence();

  /**
   * The table's earlier streams (streaming disabled, then enabled again), newest first: each holds
   * the records from its start sequence up to the next stream's start.
   */
  default List<EarlierStream> earlierStreams() {
    return List.of();
  }

  /** A stream the table had before its current one: its label and first sequence number. */
  record EarlierStream(String label, long startSequence) {}

  /** The oldest retained sequence number, or empty if the log holds nothing. */
  Optional<Long> oldestSequence();

  /** The newest sequence number readers may see, or 0 if nothing was ever written. */
  long latestSequence();

  /** Up to {@code maxRecords} records with sequence numbers after {@code afterSequence}. */
  List<ChangeEvent> read(long afterSequence, int maxRecords);

  /**
   * Like {@link #read}, but waits up to {@code maxWait} for a first record when none is there yet.
   * Waiting parks the thread; it burns no CPU.
   */
  List<ChangeEvent> poll(long afterSequence, int maxRecords, Duration maxWait)
      throws InterruptedException;

  /** The numeric sequence of an event read from this engine. */
  static long sequenceOf(ChangeEvent event) {
    return Long.parseLong(event.dynamodb().sequenceNumber());
  }
}

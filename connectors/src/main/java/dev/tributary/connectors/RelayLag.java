package dev.tributary.connectors;

import java.time.Duration;
import java.util.Objects;

/**
 * How far the relay is behind one table's change log.
 *
 * @param table the table
 * @param latestSequence the newest sequence readers may see in the table's log
 * @param publishedSequence the last sequence committed to the change topic (0: none yet)
 * @param oldestUnpublishedAge how long ago the oldest record not yet published was written; zero
 *     when the relay is caught up
 */
public record RelayLag(
    String table, long latestSequence, long publishedSequence, Duration oldestUnpublishedAge) {
  public RelayLag {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(oldestUnpublishedAge, "oldestUnpublishedAge");
  }

  /**
   * Sequences visible but not yet published. Sequences of failed writes are never used, so this is
   * an upper bound on the records behind.
   */
  public long sequencesBehind() {
    return Math.max(0, latestSequence - publishedSequence);
  }

  public boolean caughtUp() {
    return sequencesBehind() == 0;
  }
}

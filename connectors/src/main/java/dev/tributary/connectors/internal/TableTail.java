package dev.tributary.connectors.internal;

import dev.tributary.engine.ChangeStream;

/**
 * The relay's position in one table's change log. {@code published} moves only after the Kafka
 * transaction holding the records and the checkpoint committed; other threads read it for lag.
 */
public final class TableTail {
  final String table;
  final String tableId;
  final String partitionKey;
  final ChangeStream stream;
  private volatile long published;
  private volatile long lastPublishNanos = System.nanoTime();
  long gapWarnedAt = -1;

  TableTail(
      String table, String tableId, String partitionKey, ChangeStream stream, long published) {
    this.table = table;
    this.tableId = tableId;
    this.partitionKey = partitionKey;
    this.stream = stream;
    this.published = published;
  }

  public String table() {
    return table;
  }

  public ChangeStream stream() {
    return stream;
  }

  public long published() {
    return published;
  }

  void published(long sequence) {
    this.published = sequence;
    this.lastPublishNanos = System.nanoTime();
  }

  long lastPublishNanos() {
    return lastPublishNanos;
  }

  /** Resets to a checkpoint read back from Kafka after a reconnect. */
  void resetTo(long sequence) {
    this.published = sequence;
  }
}

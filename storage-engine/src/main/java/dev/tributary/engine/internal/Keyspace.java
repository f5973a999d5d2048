package dev.tributary.engine.internal;

import java.nio.charset.StandardCharsets;

/**
 * Every column family the engine keeps, and the layout of its keys. One place owns the layout so
 * that a reader of the code can see the whole on-disk format at once.
 *
 * <ul>
 *   <li>{@link #CATALOG}: {@code table name} → table metadata (JSON).
 *   <li>{@link #ITEMS}: {@code tableId(4) | partitionHash(4) | enc(partition key) | enc(sort key)}
 *       → item.
 *   <li>{@link #INDEXES}: {@code indexUid(4) | hash(4) | enc(index key...) | enc(table key...)} →
 *       projected item. Items lacking an index key attribute have no entry (sparse indexes).
 *   <li>{@link #CHANGELOG}: {@code tableId(4) | sequence(8)} → change record.
 *   <li>{@link #TTL}: {@code tableId(4) | expiry epoch seconds(8, sign-flipped) | item key suffix}
 *       → empty; lets the sweeper find expired items without scanning the table.
 *   <li>{@link #COUNTERS}: {@code kind | id} → little-endian uint64, maintained by RocksDB's
 *       uint64add merge operator in the same batch as the items they count; and, per table, the
 *       highest change-log sequence trimmed (put in the batch that trims).
 *   <li>{@link #TRANSACTIONS}: {@code ClientRequestToken} → request fingerprint and time.
 *   <li>{@link #TAGS}: {@code tableId(4)} → the table's tags (JSON object). Keyed by the id of one
 *       incarnation of a table, so a table re-created under the same name starts untagged.
 *   <li>{@link #TABLE_SETTINGS}: {@code tableId(4)} → deletion protection, on-demand and warm
 *       throughput (JSON), keyed like {@link #TAGS}.
 * </ul>
 */
public enum Keyspace {
  CATALOG("catalog"),
  ITEMS("items"),
  INDEXES("indexes"),
  CHANGELOG("changelog"),
  TTL("ttl"),
  COUNTERS("counters"),
  TRANSACTIONS("transactions"),
  TAGS("tags"),
  TABLE_SETTINGS("table-settings");

  private final String columnFamily;

  Keyspace(String columnFamily) {
    this.columnFamily = columnFamily;
  }

  public byte[] columnFamilyName() {
    return columnFamily.getBytes(StandardCharsets.UTF_8);
  }
}

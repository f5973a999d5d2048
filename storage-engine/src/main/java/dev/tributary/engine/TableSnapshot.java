package dev.tributary.engine;

import dev.tributary.core.ChangeEvent;
import java.util.stream.Stream;

/**
 * A consistent read of a whole table, taken at one instant, together with the change-log position
 * it reflects: for backfills, which deliver the items and then the changes made after them, with
 * neither a gap nor a change applied twice. Holds a storage snapshot until closed; close it soon.
 *
 * <p>Concurrent writers commit out of sequence order, so the items do not always reflect a prefix
 * of the change log: they reflect every change at or below {@link #sequence()} and, above it, the
 * few changes that were in flight and had committed; {@link #includes(long)} tells them apart.
 */
public interface TableSnapshot extends AutoCloseable {
  String tableName();

  /** Every change at or below this sequence is reflected in the items. */
  long sequence();

  /** Whether the change with this sequence is reflected in the items. */
  boolean includes(long sequence);

  /**
   * The newest change record the items reflect (0 when none): once a reader of the change log has
   * passed it, nothing it reads later is included.
   */
  long lastIncludedChange();

  /** How many items the table held (from the table's counters: for progress, not exact). */
  long approximateItemCount();

  /**
   * The items as snapshot INSERT events ({@link ChangeEvent#snapshot()} true), in key order: a
   * NEW_AND_OLD_IMAGES-shaped record with only a new image, {@code SequenceNumber} {@link
   * #sequence()}, and an {@code eventID} deterministic in (table, sequence, key). Read lazily;
   * close the stream (or the snapshot) to release the read.
   */
  Stream<ChangeEvent> events();

  /** Releases the storage snapshot; idempotent. */
  @Override
  void close();
}

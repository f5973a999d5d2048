package dev.tributary.engine.internal.capacity;

import java.util.Objects;

/**
 * DynamoDB's consumed-capacity arithmetic. Sizes are DynamoDB item sizes ({@code
 * ItemSizes.itemSize}); a missing item has size 0.
 *
 * <ul>
 *   <li>Reads: per 4 KB, rounded up, at least one block: 0.5 unit eventually consistent, 1 strongly
 *       consistent, 2 transactional. GetItem of a missing item costs one block.
 *   <li>Query and Scan: the sizes of all items read (before any filter) summed and rounded up once
 *       per request; a request that reads nothing still costs one block. On an index the sizes are
 *       those of the index entries. An LSI Query that fetches non-projected attributes also pays a
 *       whole-item read per fetched item ({@link #fetch}).
 *   <li>BatchGetItem: each item rounded up on its own.
 *   <li>Writes: per 1 KB, rounded up, of the larger of the old and new item: 1 unit, 2
 *       transactional; a delete of a missing item, or any write, costs at least 1.
 *   <li>Index writes ({@link #indexWrite}): by the projected entry size; a put when an entry
 *       appears, a delete when it disappears, a delete plus a put when the index key changes, one
 *       write of the larger entry when only projected attributes change.
 * </ul>
 */
public final class CapacityCalculator {
  /** An index entry that does not exist (the item lacks the index key). */
  public static final long ABSENT = -1;

  static final long READ_BLOCK = 4096;
  static final long WRITE_BLOCK = 1024;

  private CapacityCalculator() {}

  /** Read units for {@code bytes}, rounded up to 4 KB, at least one block. */
  public static double read(long bytes, ReadConsistency consistency) {
    Objects.requireNonNull(consistency, "consistency");
    return blocks(bytes, READ_BLOCK) * consistency.unitsPer4Kb();
  }

  /** GetItem (or one TransactGetItems member): a missing item ({@code 0}) costs the minimum. */
  public static double getItem(long itemBytes, ReadConsistency consistency) {
    return read(itemBytes, consistency);
  }

  /** Query or Scan: all items read before the filter, summed, rounded up once. */
  public static double query(long totalBytesRead, ReadConsistency consistency) {
    return read(totalBytesRead, consistency);
  }

  /** Same rule as {@link #query}. */
  public static double scan(long totalBytesRead, ReadConsistency consistency) {
    return read(totalBytesRead, consistency);
  }

  /** BatchGetItem: each item rounded up to 4 KB on its own, then summed. */
  public static double batchGet(long[] itemBytes, ReadConsistency consistency) {
    Objects.requireNonNull(itemBytes, "itemBytes");
    double sum = 0;
    for (long b : itemBytes) {
      sum += read(b, consistency);
    }
    return sum;
  }

  /** A whole base-table item fetched by an LSI Query for non-projected attributes. */
  public static double fetch(long itemBytes, ReadConsistency consistency) {
    return read(itemBytes, consistency);
  }

  /** Write units for {@code bytes}, rounded up to 1 KB, at least 1. */
  public static double write(long bytes, boolean transactional) {
    return blocks(bytes, WRITE_BLOCK) * (transactional ? 2.0 : 1.0);
  }

  /**
   * PutItem, UpdateItem, DeleteItem (and their batch and transaction forms): by the larger of the
   * old and new item; pass 0 for a missing old item or for the new item of a delete.
   */
  public static double itemWrite(long oldItemBytes, long newItemBytes, boolean transactional) {
    return write(Math.max(oldItemBytes, newItemBytes), transactional);
  }

  /**
   * Units one secondary index is charged for a table write, given the projected entry sizes before
   * and after ({@link #ABSENT} where the item has no entry). The caller passes {@code keyChanged}
   * when the index key (partition or sort) differs between two present entries, and skips the call
   * when the entry is unchanged.
   */
  public static double indexWrite(
      long oldEntryBytes, long newEntryBytes, boolean keyChanged, boolean transactional) {
    boolean had = oldEntryBytes != ABSENT;
    boolean has = newEntryBytes != ABSENT;
    if ((had && oldEntryBytes < 0) || (has && newEntryBytes < 0)) {
      throw new IllegalArgumentException(
          "entry sizes must be >= 0 or ABSENT: " + oldEntryBytes + ", " + newEntryBytes);
    }
    if (!had && !has) {
      return 0;
    } else if (!had) {
      return write(newEntryBytes, transactional);
    } else if (!has) {
      return write(oldEntryBytes, transactional);
    } else if (keyChanged) {
      return write(oldEntryBytes, transactional) + write(newEntryBytes, transactional);
    }
    return write(Math.max(oldEntryBytes, newEntryBytes), transactional);
  }

  private static long blocks(long bytes, long block) {
    if (bytes < 0) {
      throw new IllegalArgumentException("size must be >= 0: " + bytes);
    }
    return Math.max(1, (bytes + block - 1) / block);
  }
}

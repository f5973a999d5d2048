package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.EventName;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.model.TableStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Everything one write changes, staged into a single RocksDB WriteBatch: the item, each index
 * entry, the TTL entry, the counters and the change record. One batch is one atomic commit, so an
 * item never exists without its index entries and change record, nor a change record without the
 * item state it describes. Index maintenance is one {@code update(old, new)} path for every write.
 */
final class ChangeBatch implements AutoCloseable {
  private final WriteBatch batch = new WriteBatch();
  private final Store store;
  private final List<SequenceGate> gates = new ArrayList<>();
  private final List<Long> sequences = new ArrayList<>();
  private int staged;

  ChangeBatch(Store store) {
    this.store = store;
  }

  /**
   * Stages the change of one item from {@code oldItem} to {@code newItem} (either may be null).
   * Returns whether anything changed; an identical rewrite stages nothing and emits no record.
   */
  boolean stage(
      TableRuntime table,
      byte[] itemKey,
      Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem,
      boolean byTtl,
      long nowMillis) {
    if (Objects.equals(oldItem, newItem)) {
      return false;
    }
    TableMeta meta = table.meta();
    try {
      byte[] encodedNew = null;
      if (newItem == null) {
        batch.delete(store.cf(Keyspace.ITEMS), itemKey);
      } else {
        encodedNew = ItemCodec.encode(newItem);
        batch.put(store.cf(Keyspace.ITEMS), itemKey, encodedNew);
      }
      long oldSize = oldItem == null ? 0 : ItemSizes.itemSize(oldItem);
      long newSize = newItem == null ? 0 : ItemSizes.itemSize(newItem);
      count(meta.id(), (oldItem == null ? 0 : -1) + (newItem == null ? 0 : 1), newSize - oldSize);
      for (IndexMeta index : meta.indexes()) {
        updateIndex(meta, index, oldItem, newItem);
      }
      if (meta.ttlAttribute() != null) {
        byte[] oldTtl = ttlKey(meta, itemKey, oldItem);
        byte[] newTtl = ttlKey(meta, itemKey, newItem);
        if (oldTtl != null && !Arrays.equals(oldTtl, newTtl)) {
          batch.delete(store.cf(Keyspace.TTL), oldTtl);
        }
        if (newTtl != null) {
          batch.put(store.cf(Keyspace.TTL), newTtl, new byte[0]);
        }
      }
      if (meta.streamEnabled()) {
        long sequence = table.gate.allocate();
        gates.add(table.gate);
        sequences.add(sequence);
        EventName name =
            oldItem == null
                ? EventName.INSERT
                : newItem == null ? EventName.REMOVE : EventName.MODIFY;
        Map<String, AttributeValue> keys =
            KeyRules.keyOf(meta, newItem != null ? newItem : oldItem);
        batch.put(
            store.cf(Keyspace.CHANGELOG),
            StorageKeys.concat(StorageKeys.int4(meta.id()), StorageKeys.long8(sequence)),
            ChangeRecordCodec.encode(
                name,
                meta.streamViewType(),
                nowMillis,
                byTtl,
                keys,
                oldItem,
                oldSize,
                newItem,
                encodedNew,
                newSize));
      }
    } catch (RocksDBException e) {
      throw Store.failure("batch", e);
    }
    staged++;
    return true;
  }

  private void updateIndex(
      TableMeta meta,
      IndexMeta index,
      Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem)
      throws RocksDBException {
    if (index.status() == TableStatus.DELETING) {
      return;
    }
    byte[] oldKey = IndexEntries.entryKey(meta, index, oldItem);
    byte[] newKey = IndexEntries.entryKey(meta, index, newItem);
    Map<String, AttributeValue> oldEntry =
        oldKey == null ? null : IndexEntries.project(meta, index, oldItem);
    Map<String, AttributeValue> newEntry =
        newKey == null ? null : IndexEntries.project(meta, index, newItem);
    boolean sameKey = oldKey != null && newKey != null && Arrays.equals(oldKey, newKey);
    if (sameKey && oldEntry.equals(newEntry)) {
      return;
    }
    if (oldKey != null && !sameKey) {
      batch.delete(store.cf(Keyspace.INDEXES), oldKey);
    }
    if (newKey != null) {
      batch.put(store.cf(Keyspace.INDEXES), newKey, ItemCodec.encode(newEntry));
    }
    // While a new index is backfilled, the old item's entry may not be written yet: count only
    // entries that are there, so the backfill (which counts what it adds) and writes agree.
    boolean hadEntry =
        oldKey != null
            && (index.status() != TableStatus.CREATING
                || store.get(Keyspace.INDEXES, oldKey) != null);
    long oldSize = hadEntry ? ItemSizes.itemSize(oldEntry) : 0;
    long newSize = newEntry == null ? 0 : ItemSizes.itemSize(newEntry);
    count(index.uid(), (hadEntry ? -1 : 0) + (newKey == null ? 0 : 1), newSize - oldSize);
  }

  /**
   * Stages an index entry written by a backfill (the item is unchanged, and locked by the caller).
   * An entry a write already put there is rewritten but not counted again.
   */
  void stageIndexEntry(TableMeta meta, IndexMeta index, Map<String, AttributeValue> item) {
    byte[] key = IndexEntries.entryKey(meta, index, item);
    if (key == null) {
      return;
    }
    Map<String, AttributeValue> entry = IndexEntries.project(meta, index, item);
    try {
      if (store.get(Keyspace.INDEXES, key) == null) {
        count(index.uid(), 1, ItemSizes.itemSize(entry));
      }
      batch.put(store.cf(Keyspace.INDEXES), key, ItemCodec.encode(entry));
    } catch (RocksDBException e) {
      throw Store.failure("batch", e);
    }
    staged++;
  }

  /** Stages a TTL entry written when TTL is enabled on a table that has items. */
  void stageTtlEntry(TableMeta meta, byte[] itemKey, Map<String, AttributeValue> item) {
    byte[] key = ttlKey(meta, itemKey, item);
    if (key == null) {
      return;
    }
    try {
      batch.put(store.cf(Keyspace.TTL), key, new byte[0]);
    } catch (RocksDBException e) {
      throw Store.failure("batch", e);
    }
    staged++;
  }

  private void count(int ownerId, long items, long bytes) throws RocksDBException {
    if (items != 0) {
      batch.merge(store.cf(Keyspace.COUNTERS), Counters.itemsKey(ownerId), Counters.delta(items));
    }
    if (bytes != 0) {
      batch.merge(store.cf(Keyspace.COUNTERS), Counters.bytesKey(ownerId), Counters.delta(bytes));
    }
  }

  /** The TTL entry of an item: table | expiry seconds | item key; null when it has no expiry. */
  static byte[] ttlKey(TableMeta meta, byte[] itemKey, Map<String, AttributeValue> item) {
    if (item == null || meta.ttlAttribute() == null) {
      return null;
    }
    if (!(item.get(meta.ttlAttribute()) instanceof AttributeValue.N n)) {
      return null;
    }
    BigDecimal seconds = n.value();
    if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
      return null;
    }
    byte[] suffix = Arrays.copyOfRange(itemKey, 4, itemKey.length);
    return StorageKeys.concat(
        StorageKeys.int4(meta.id()), StorageKeys.long8(seconds.longValue()), suffix);
  }

  /** Stages a plain put (or a delete, for a null value) to commit with the rest. */
  void put(Keyspace keyspace, byte[] key, byte[] value) {
    try {
      if (value == null) {
        batch.delete(store.cf(keyspace), key);
      } else {
        batch.put(store.cf(keyspace), key, value);
      }
    } catch (RocksDBException e) {
      throw Store.failure("batch", e);
    }
    staged++;
  }

  int staged() {
    return staged;
  }

  /** Writes the batch atomically, then lets change-log readers see its records. */
  void commit() {
    try {
      if (staged > 0) {
        store.write(batch);
      }
    } finally {
      releaseSequences();
    }
  }

  /**
   * Writes the batch atomically without waiting for it: the future completes once it is durable
   * ({@link Store#writeLater}). Then, in this order, its change records become visible, the batch
   * is closed and {@code lock} is released, so the item's next writer reads this write's result.
   * Takes over the batch and the lock, also when the write fails.
   */
  CompletableFuture<Void> commitLater(ItemLocks.Held lock) {
    CompletableFuture<Void> written;
    try {
      written = staged > 0 ? store.writeLater(batch) : CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    return written.whenComplete(
        (ok, error) -> {
          try {
            close();
          } finally {
            lock.close();
          }
        });
  }

  private void releaseSequences() {
    for (int i = 0; i < gates.size(); i++) {
      gates.get(i).complete(sequences.get(i));
    }
    gates.clear();
    sequences.clear();
  }

  @Override
  public void close() {
    releaseSequences();
    batch.close();
  }
}

package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.TransactionConflictException;
import dev.tributary.engine.model.TableStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work on a table's GSIs: backfilling one that UpdateTable added (and deleting it if
 * that fails) and dropping one that UpdateTable deleted. Runs on the engine's backfill thread;
 * definition changes are made under the control plane's definition lock.
 */
final class IndexJobs {
  private static final Logger log = LoggerFactory.getLogger(IndexJobs.class);
  private static final int BACKFILL_CHUNK = 256;

  private final EngineContext ctx;
  private final Object lock;
  private final Executor background;

  IndexJobs(EngineContext ctx, Object lock, Executor background) {
    this.ctx = ctx;
    this.lock = lock;
    this.background = background;
  }

  /** Backfills {@code index} (CREATING) in the background. */
  void backfillLater(TableRuntime t, IndexMeta index) {
    background.execute(() -> backfill(t, index));
  }

  /** Drops {@code index} (DELETING) in the background. */
  void dropLater(TableRuntime t, IndexMeta index) {
    background.execute(() -> dropIndex(t, index));
  }

  /**
   * Builds a new index from the table's items while writes go on. Writes already maintain the
   * CREATING index; the backfill locks each chunk of items, re-reads them and writes their entries,
   * so an entry always reflects the latest committed item. A backfill that fails is final: the
   * error is logged and the index is deleted (DELETING, then gone from DescribeTable), so the table
   * serves as before and UpdateTable can create the index again. One stopped by the engine closing
   * stays CREATING and starts over at the next open.
   */
  private void backfill(TableRuntime t, IndexMeta index) {
    try {
      byte[] start = StorageKeys.ownerStart(t.meta().id());
      byte[] end = StorageKeys.ownerEnd(t.meta().id());
      long count = 0;
      while (start != null) {
        if (Thread.currentThread().isInterrupted()) {
          log.info(
              "Backfill of index {} on table {} stopped; it resumes when the engine opens again",
              index.name(),
              t.meta().name());
          return;
        }
        List<byte[]> keys = new ArrayList<>(BACKFILL_CHUNK);
        try (ReadOptions ro = new ReadOptions();
            RocksIterator it = ctx.store.iterator(Keyspace.ITEMS, ro)) {
          for (it.seek(start); it.isValid() && keys.size() < BACKFILL_CHUNK; it.next()) {
            if (Arrays.compareUnsigned(it.key(), end) >= 0) {
              break;
            }
            keys.add(it.key());
          }
        }
        start = keys.size() < BACKFILL_CHUNK ? null : after(keys.get(keys.size() - 1));
        List<ItemLocks.Held> held = new ArrayList<>();
        try (ChangeBatch batch = new ChangeBatch(ctx.store)) {
          for (byte[] k : keys) {
            held.add(lockWaitingForTransactions(k));
            Map<String, AttributeValue> item = ctx.readItem(k);
            if (item != null) {
              batch.stageIndexEntry(t.meta(), index, item);
              count++;
            }
          }
          batch.commit();
        } finally {
          for (ItemLocks.Held h : held) {
            h.close();
          }
        }
      }
      synchronized (lock) {
        TableMeta now = t.meta();
        now.index(index.name())
            .ifPresent(
                i -> {
                  TableMeta done = now.withIndex(i.withStatus(TableStatus.ACTIVE, false));
                  ctx.catalog.save(done);
                  t.meta(done);
                });
      }
      log.info(
          "Index {} of table {} is ACTIVE after backfilling {} items",
          index.name(),
          t.meta().name(),
          count);
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) {
        log.info(
            "Backfill of index {} on table {} stopped; it resumes when the engine opens again",
            index.name(),
            t.meta().name());
        return;
      }
      log.error(
          "Backfill of index {} on table {} failed; the index is deleted. Create it again with"
              + " UpdateTable once the cause is fixed",
          index.name(),
          t.meta().name(),
          e);
      abandon(t, index);
    }
  }

  /** Locks an item for the backfill, waiting while a transaction holds it (not a failure). */
  private ItemLocks.Held lockWaitingForTransactions(byte[] itemKey) {
    while (true) {
      try {
        return ctx.locks.lock(itemKey);
      } catch (TransactionConflictException busy) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("backfill interrupted", e);
        }
      }
    }
  }

  /** The smallest key after {@code key}. */
  private static byte[] after(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  /** Deletes an index whose backfill failed: DELETING at once, then its entries and itself. */
  private void abandon(TableRuntime t, IndexMeta index) {
    IndexMeta deleting;
    synchronized (lock) {
      TableMeta meta = t.meta();
      Optional<IndexMeta> current = meta.index(index.name());
      if (current.isEmpty()
          || current.get().uid() != index.uid()
          || ctx.tables.get(meta.name()) != t) {
        return; // deleted (with its table, or by UpdateTable) meanwhile
      }
      deleting = current.get().withStatus(TableStatus.DELETING, false);
      TableMeta changed = meta.withIndex(deleting);
      ctx.catalog.save(changed);
      t.meta(changed);
      ctx.metering.configure(t);
    }
    dropIndex(t, deleting);
  }

  private void dropIndex(TableRuntime t, IndexMeta index) {
    ctx.store.deleteRange(
        Keyspace.INDEXES, StorageKeys.ownerStart(index.uid()), StorageKeys.ownerEnd(index.uid()));
    Counters.clear(ctx.store, index.uid());
    synchronized (lock) {
      TableMeta meta = t.meta();
      List<IndexMeta> rest = new ArrayList<>();
      for (IndexMeta i : meta.indexes()) {
        if (!i.name().equals(index.name())) {
          rest.add(i);
        }
      }
      TableMeta done = meta.withIndexes(rest);
      ctx.catalog.save(done);
      t.meta(done);
    }
    log.info("Index {} of table {} deleted", index.name(), t.meta().name());
  }
}

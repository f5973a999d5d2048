package dev.tributary.engine.internal;

import dev.tributary.engine.ValidationException;
import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.model.TimeToLiveDescription;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UpdateTimeToLive and DescribeTimeToLive. Enabling TTL indexes the expiry times of the items
 * already there in the background; changes are made under the control plane's definition lock.
 */
final class TimeToLiveSettings {
  private static final Logger log = LoggerFactory.getLogger(TimeToLiveSettings.class);
  static final int EXPIRY_CHUNK = 1000;

  private final EngineContext ctx;
  private final Object lock;
  private final Executor background;

  TimeToLiveSettings(EngineContext ctx, Object lock, Executor background) {
    this.ctx = ctx;
    this.lock = lock;
    this.background = background;
  }

  void update(String tableName, boolean enabled, String attributeName) {
    synchronized (lock) {
      TableRuntime t = ctx.activeTable(tableName);
      TableMeta meta = t.meta();
      if (attributeName == null || attributeName.isEmpty()) {
        throw new ValidationException(
            "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName'"
                + " failed to satisfy constraint: Member must not be null");
      }
      if (enabled) {
        if (meta.ttlAttribute() != null) {
          throw new ValidationException("TimeToLive is already enabled");
        }
        TableMeta changed = meta.withTtl(attributeName);
        ctx.catalog.save(changed);
        t.meta(changed);
        background.execute(() -> indexExpiries(t, EXPIRY_CHUNK));
      } else {
        if (meta.ttlAttribute() == null) {
          throw new ValidationException("TimeToLive is already disabled");
        }
        if (!meta.ttlAttribute().equals(attributeName)) {
          throw new ValidationException(
              "TimeToLive is active on a different AttributeName: current AttributeName is "
                  + meta.ttlAttribute());
        }
        TableMeta changed = meta.withTtl(null);
        ctx.catalog.save(changed);
        t.meta(changed);
        ctx.store.deleteRange(
            Keyspace.TTL, StorageKeys.ownerStart(meta.id()), StorageKeys.ownerEnd(meta.id()));
      }
    }
  }

  TimeToLiveDescription describe(String tableName) {
    TableMeta meta = ctx.table(tableName).meta();
    return meta.ttlAttribute() == null
        ? new TimeToLiveDescription("DISABLED", Optional.empty())
        : new TimeToLiveDescription("ENABLED", Optional.of(meta.ttlAttribute()));
  }

  /**
   * Writes TTL entries for items that existed before TTL was enabled, {@code chunk} items per batch
   * so a large table never builds one huge batch. Unlocked on purpose: the sweeper re-checks every
   * entry against the item under its lock, and writes after enabling maintain entries themselves.
   * Returns how many batches it committed.
   */
  int indexExpiries(TableRuntime t, int chunk) {
    TableMeta meta = t.meta();
    int batches = 0;
    try {
      byte[] start = StorageKeys.ownerStart(meta.id());
      byte[] end = StorageKeys.ownerEnd(meta.id());
      while (start != null) {
        try (ReadOptions ro = new ReadOptions();
            RocksIterator it = ctx.store.iterator(Keyspace.ITEMS, ro);
            ChangeBatch batch = new ChangeBatch(ctx.store)) {
          byte[] last = null;
          int read = 0;
          for (it.seek(start); it.isValid() && read < chunk; it.next()) {
            if (Arrays.compareUnsigned(it.key(), end) >= 0) {
              break;
            }
            last = it.key();
            batch.stageTtlEntry(meta, last, ItemCodec.decode(it.value()));
            read++;
          }
          if (batch.staged() > 0) {
            batch.commit();
            batches++;
          }
          start = read < chunk ? null : after(last);
        }
      }
    } catch (RuntimeException e) {
      log.error("Indexing expiry times of table {} failed", meta.name(), e);
    }
    return batches;
  }

  /** The smallest key after {@code key}. */
  private static byte[] after(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }
}

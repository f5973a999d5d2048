package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.TransactionConflictException;
import dev.tributary.engine.model.TableStatus;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired items as DynamoDB's TTL does: items whose TTL attribute is a number of epoch
 * seconds in the past (but not more than five years past, which DynamoDB ignores). Each deletion is
 * an ordinary REMOVE in the change log, marked with the TTL service's userIdentity. Walks the TTL
 * entries, never the table, and re-checks each item under its lock before deleting it.
 */
final class TtlSweeper {
  private static final Logger log = LoggerFactory.getLogger(TtlSweeper.class);
  static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;
  private static final int MAX_PER_SWEEP = 10_000;

  private final EngineContext ctx;

  TtlSweeper(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** One pass over every table with TTL enabled; returns how many items it deleted. */
  long sweep() {
    long deleted = 0;
    for (TableRuntime t : ctx.tables.values()) {
      if (t.meta().ttlAttribute() != null) {
        deleted += sweep(t);
      }
    }
    return deleted;
  }

  private long sweep(TableRuntime t) {
    TableMeta meta = t.meta();
    long nowSeconds = ctx.nowMillis() / 1000;
    byte[] owner = StorageKeys.int4(meta.id());
    byte[] from =
        StorageKeys.concat(owner, StorageKeys.long8(Math.max(0, nowSeconds - FIVE_YEARS_SECONDS)));
    byte[] to = StorageKeys.concat(owner, StorageKeys.long8(nowSeconds + 1));
    List<byte[]> candidates = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = ctx.store.iterator(Keyspace.TTL, ro)) {
      for (it.seek(from); it.isValid() && candidates.size() < MAX_PER_SWEEP; it.next()) {
        if (Arrays.compareUnsigned(it.key(), to) >= 0) {
          break;
        }
        candidates.add(it.key());
      }
    }
    long deleted = 0;
    for (byte[] entry : candidates) {
      byte[] itemKey = StorageKeys.concat(owner, Arrays.copyOfRange(entry, 12, entry.length));
      try (ItemLocks.Held lock = ctx.locks.lock(itemKey);
          ChangeBatch batch = new ChangeBatch(ctx.store)) {
        TableMeta current = t.meta();
        if (current.ttlAttribute() == null || current.status() != TableStatus.ACTIVE) {
          return deleted;
        }
        Map<String, AttributeValue> item = ctx.readItem(itemKey);
        if (item != null && expired(item.get(current.ttlAttribute()), nowSeconds)) {
          batch.stage(t, itemKey, item, null, true, ctx.nowMillis());
          deleted++;
        } else if (item == null
            || !Arrays.equals(entry, ChangeBatch.ttlKey(current, itemKey, item))) {
          batch.put(Keyspace.TTL, entry, null);
        }
        batch.commit();
      } catch (TransactionConflictException busy) {
        // a transaction holds the item; the next sweep will see it again
      }
    }
    if (deleted > 0) {
      log.debug("TTL deleted {} expired items from {}", deleted, meta.name());
    }
    return deleted;
  }

  static boolean expired(AttributeValue ttl, long nowSeconds) {
    if (!(ttl instanceof AttributeValue.N n)) {
      return false;
    }
    BigDecimal s = n.value();
    return s.compareTo(BigDecimal.valueOf(nowSeconds)) <= 0
        && s.compareTo(BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
  }
}

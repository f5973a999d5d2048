package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.ItemSizes;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.TableSnapshot;
import dev.tributary.engine.internal.codec.ItemCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Takes {@link TableSnapshot}s: reads the table's visible sequence, then a RocksDB snapshot, then
 * the change records above that sequence that the snapshot holds. Everything at or below the
 * visible sequence had committed (or was abandoned) before the snapshot; an item and its change
 * record are one batch, so a record in the snapshot means its item state is in it too.
 */
public final class TableSnapshots {
  private final EngineContext ctx;

  TableSnapshots(EngineContext ctx) {
    this.ctx = ctx;
  }

  public TableSnapshot take(String tableName) {
    TableRuntime t = ctx.activeTable(tableName);
    long visible = t.gate.visible(); // before the snapshot: see the class comment
    Snapshot snapshot = ctx.store.snapshot();
    try {
      Set<Long> above = new HashSet<>();
      int id = t.meta().id();
      byte[] owner = StorageKeys.int4(id);
      try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
          RocksIterator it = ctx.store.iterator(Keyspace.CHANGELOG, ro)) {
        for (it.seek(StorageKeys.concat(owner, StorageKeys.long8(visible + 1)));
            it.isValid() && StorageKeys.startsWith(it.key(), owner);
            it.next()) {
          above.add(StorageKeys.readLong8(it.key(), 4));
        }
        long last = above.stream().mapToLong(Long::longValue).max().orElse(0);
        if (last == 0) {
          it.seekForPrev(StorageKeys.concat(owner, StorageKeys.long8(visible)));
          if (it.isValid() && StorageKeys.startsWith(it.key(), owner)) {
            last = StorageKeys.readLong8(it.key(), 4);
          }
        }
        return new Taken(tableName, t, snapshot, visible, Set.copyOf(above), last);
      }
    } catch (RuntimeException e) {
      ctx.store.releaseSnapshot(snapshot);
      throw e;
    }
  }

  private final class Taken implements TableSnapshot {
    private final String tableName;
    private final TableMeta meta;
    private final ChangeRecordCodec.StreamIdentity identity;
    private final Snapshot snapshot;
    private final long sequence;
    private final Set<Long> above;
    private final long lastIncluded;
    private final Instant takenAt;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();

    Taken(
        String tableName,
        TableRuntime t,
        Snapshot snapshot,
        long sequence,
        Set<Long> above,
        long lastIncluded) {
      this.lastIncluded = lastIncluded;
      this.tableName = tableName;
      this.meta = t.meta();
      this.identity = t.streamIdentity();
      this.snapshot = snapshot;
      this.sequence = sequence;
      this.above = above;
      this.takenAt = Instant.ofEpochMilli(ctx.nowMillis());
    }

    @Override
    public String tableName() {
      return tableName;
    }

    @Override
    public long sequence() {
      return sequence;
    }

    @Override
    public boolean includes(long s) {
      return s <= sequence || above.contains(s);
    }

    @Override
    public long lastIncludedChange() {
      return lastIncluded;
    }

    @Override
    public long approximateItemCount() {
      return Math.max(0, Counters.items(ctx.store, meta.id()));
    }

    @Override
    public Stream<ChangeEvent> events() {
      if (closed.get()) {
        throw new IllegalStateException("snapshot of " + tableName + " is closed");
      }
      ReadOptions ro = new ReadOptions().setSnapshot(snapshot);
      RocksIterator it = ctx.store.iterator(Keyspace.ITEMS, ro);
      AutoCloseable release =
          () -> {
            it.close();
            ro.close();
          };
      open.add(release);
      byte[] start = StorageKeys.ownerStart(meta.id());
      byte[] end = StorageKeys.ownerEnd(meta.id());
      it.seek(start);
      Iterator<ChangeEvent> items =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return !closed.get() && it.isValid() && Arrays.compareUnsigned(it.key(), end) < 0;
            }

            @Override
            public ChangeEvent next() {
              if (!hasNext()) {
                throw new NoSuchElementException();
              }
              Map<String, AttributeValue> item = ItemCodec.decode(it.value());
              it.next();
              return event(item);
            }
          };
      return StreamSupport.stream(
              Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL),
              false)
          .onClose(() -> closeQuietly(release));
    }

    private ChangeEvent event(Map<String, AttributeValue> item) {
      Map<String, AttributeValue> keys = KeyRules.keyOf(meta, item);
      StreamRecord record =
          new StreamRecord(
              keys,
              Optional.of(item),
              Optional.empty(),
              ChangeRecordCodec.formatSequence(sequence),
              ItemSizes.itemSize(keys) + ItemSizes.itemSize(item),
              StreamViewType.NEW_AND_OLD_IMAGES,
              takenAt);
      return new ChangeEvent(
          eventId(keys),
          EventName.INSERT,
          "1.1",
          "aws:dynamodb",
          identity.region(),
          identity.streamArn(),
          record,
          Optional.empty(),
          true);
    }

    /** Deterministic in (table, snapshot sequence, key), and never equal to a change's id. */
    private String eventId(Map<String, AttributeValue> keys) {
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(identity.tableArn().getBytes(StandardCharsets.UTF_8));
        sha.update(("/snapshot/" + sequence + "/").getBytes(StandardCharsets.UTF_8));
        sha.update(KeyRules.storageKey(meta, keys));
        return "snapshot-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is part of every JVM", e);
      }
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        for (AutoCloseable c : List.copyOf(open)) {
          closeQuietly(c);
        }
        ctx.store.releaseSnapshot(snapshot);
      }
    }

    private void closeQuietly(AutoCloseable c) {
      try {
        if (open.remove(c)) {
          c.close();
        }
      } catch (Exception e) {
        // releasing native handles; nothing to recover
      }
    }

    @Override
    public String toString() {
      return "TableSnapshot[" + tableName + " at " + sequence + " + " + above.size() + "]";
    }
  }
}

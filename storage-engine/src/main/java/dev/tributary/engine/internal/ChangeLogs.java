package dev.tributary.engine.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.ValidationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and trimming the per-table change logs in {@link Keyspace#CHANGELOG}. */
public final class ChangeLogs {
  private static final Logger log = LoggerFactory.getLogger(ChangeLogs.class);
  private final EngineContext ctx;

  ChangeLogs(EngineContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The last sequence a table ever used: its newest record, or, when retention trimmed the whole
   * log, the newest trimmed one, so that sequences are never reused across a reopen.
   */
  long lastSequence(int tableId) {
    long trimmed = Counters.read(ctx.store.get(Keyspace.COUNTERS, Counters.trimmedKey(tableId)));
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = ctx.store.iterator(Keyspace.CHANGELOG, ro)) {
      it.seekForPrev(StorageKeys.concat(StorageKeys.int4(tableId), StorageKeys.long8(-1L)));
      if (it.isValid() && StorageKeys.startsWith(it.key(), StorageKeys.int4(tableId))) {
        return Math.max(trimmed, StorageKeys.readLong8(it.key(), 4));
      }
      return trimmed;
    }
  }

  ChangeStream stream(String tableName) {
    ctx.table(tableName);
    return new Stream(tableName);
  }

  /** Deletes records older than the retention period; returns how many went. */
  long trim(Duration retention) {
    long cutoff = ctx.nowMillis() - retention.toMillis();
    long trimmed = 0;
    for (TableRuntime t : ctx.tables.values()) {
      int id = t.meta().id();
      byte[] first = null;
      byte[] stop = null;
      long lastTrimmed = 0;
      long n = 0;
      try (ReadOptions ro = new ReadOptions();
          RocksIterator it = ctx.store.iterator(Keyspace.CHANGELOG, ro)) {
        byte[] owner = StorageKeys.int4(id);
        for (it.seek(owner); it.isValid() && StorageKeys.startsWith(it.key(), owner); it.next()) {
          if (ChangeRecordCodec.createdMillis(it.value()) >= cutoff) {
            stop = it.key();
            break;
          }
          if (first == null) {
            first = it.key();
          }
          lastTrimmed = StorageKeys.readLong8(it.key(), 4);
          n++;
        }
      }
      if (first != null) {
        deleteRecords(id, first, stop != null ? stop : StorageKeys.ownerEnd(id), lastTrimmed);
        trimmed += n;
      }
    }
    if (trimmed > 0) {
      log.debug("Trimmed {} change records older than {}", trimmed, retention);
    }
    return trimmed;
  }

  /**
   * Deletes {@code [from, to)} of a table's log and records the last sequence deleted, atomically.
   */
  private void deleteRecords(int tableId, byte[] from, byte[] to, long lastTrimmed) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(ctx.store.cf(Keyspace.CHANGELOG), from, to);
      batch.put(
          ctx.store.cf(Keyspace.COUNTERS),
          Counters.trimmedKey(tableId),
          Counters.delta(lastTrimmed));
      ctx.store.write(batch);
    } catch (RocksDBException e) {
      throw Store.failure("change-log trim", e);
    }
  }

  private final class Stream implements ChangeStream {
    private final String tableName;

    Stream(String tableName) {
      this.tableName = tableName;
    }

    @Override
    public String tableName() {
      return tableName;
    }

    @Override
    public String streamArn() {
      return ctx.table(tableName).streamArn();
    }

    @Override
    public Optional<String> streamLabel() {
      return Optional.ofNullable(ctx.table(tableName).meta().streamLabel());
    }

    @Override
    public long streamStartSequence() {
      return Math.max(1, ctx.table(tableName).meta().streamStartSequence());
    }

    @Override
    public List<EarlierStream> earlierStreams() {
      return ctx.table(tableName).meta().earlierStreams();
    }

    @Override
    public Optional<Long> oldestSequence() {
      int id = ctx.table(tableName).meta().id();
      try (ReadOptions ro = new ReadOptions();
          RocksIterator it = ctx.store.iterator(Keyspace.CHANGELOG, ro)) {
        byte[] owner = StorageKeys.int4(id);
        it.seek(owner);
        if (it.isValid() && StorageKeys.startsWith(it.key(), owner)) {
          return Optional.of(StorageKeys.readLong8(it.key(), 4));
        }
        return Optional.empty();
      }
    }

    @Override
    public long latestSequence() {
      return ctx.table(tableName).gate.visible();
    }

    @Override
    public List<ChangeEvent> read(long afterSequence, int maxRecords) {
      if (maxRecords < 1) {
        throw new ValidationException("maxRecords must be at least 1, was " + maxRecords);
      }
      TableRuntime t = ctx.table(tableName);
      long visible = t.gate.visible();
      List<ChangeEvent> out = new ArrayList<>();
      if (afterSequence >= visible) {
        return out;
      }
      int id = t.meta().id();
      byte[] owner = StorageKeys.int4(id);
      ChangeRecordCodec.StreamIdentity identity = t.streamIdentity();
      try (ReadOptions ro = new ReadOptions();
          RocksIterator it = ctx.store.iterator(Keyspace.CHANGELOG, ro)) {
        for (it.seek(StorageKeys.concat(owner, StorageKeys.long8(afterSequence + 1)));
            it.isValid() && out.size() < maxRecords;
            it.next()) {
          byte[] key = it.key();
          if (!StorageKeys.startsWith(key, owner)) {
            break;
          }
          long seq = StorageKeys.readLong8(key, 4);
          if (seq > visible) {
            break;
          }
          out.add(ChangeRecordCodec.decode(seq, it.value(), identity));
        }
      }
      return out;
    }

    @Override
    public List<ChangeEvent> poll(long afterSequence, int maxRecords, Duration maxWait)
        throws InterruptedException {
      List<ChangeEvent> out = read(afterSequence, maxRecords);
      if (out.isEmpty() && ctx.table(tableName).gate.awaitAfter(afterSequence, maxWait.toNanos())) {
        out = read(afterSequence, maxRecords);
      }
      return out;
    }

    @Override
    public String toString() {
      return "ChangeStream[" + tableName + "]";
    }
  }
}

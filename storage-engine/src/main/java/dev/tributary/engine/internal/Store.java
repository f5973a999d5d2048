package dev.tributary.engine.internal;

import dev.tributary.engine.InternalServerError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.UInt64AddOperator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB instance: one column family per {@link Keyspace}, and the write paths for batches.
 * {@link #write} waits for its batch (concurrent fsynced writers share fsyncs in RocksDB's write
 * groups); {@link #writeLater} hands a fsynced batch to the {@link GroupCommitter} and returns at
 * once, for writers that have better to do than sleep through an fsync.
 */
public final class Store implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final Map<Keyspace, ColumnFamilyHandle> handles = new EnumMap<>(Keyspace.class);
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final WriteOptions writeOptions;
  private final GroupCommitter committer; // null when writes are not fsynced

  /** Set first in {@link #close}: RocksDB crashes the JVM on a handle used after it is closed. */
  private volatile boolean closed;

  public Store(Path directory, boolean sync, long blockCacheBytes) {
    try {
      Files.createDirectories(directory);
      LRUCache cache = own(new LRUCache(blockCacheBytes));
      BloomFilter bloom = own(new BloomFilter(10, false));
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(
          new ColumnFamilyDescriptor(
              RocksDB.DEFAULT_COLUMN_FAMILY, own(new ColumnFamilyOptions())));
      for (Keyspace k : Keyspace.values()) {
        ColumnFamilyOptions cf = own(new ColumnFamilyOptions());
        BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache);
        if (k == Keyspace.ITEMS || k == Keyspace.INDEXES) {
          table.setFilterPolicy(bloom).setWholeKeyFiltering(true);
        }
        cf.setTableFormatConfig(table);
        cf.setCompressionType(CompressionType.LZ4_COMPRESSION);
        if (k == Keyspace.COUNTERS) {
          cf.setMergeOperator(own(new UInt64AddOperator()));
        }
        descriptors.add(new ColumnFamilyDescriptor(k.columnFamilyName(), cf));
      }
      DBOptions options =
          own(new DBOptions())
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setMaxBackgroundJobs(2)
              .setKeepLogFileNum(3);
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      db = RocksDB.open(options, directory.toString(), descriptors, opened);
      resources.add(0, db);
      for (int i = 0; i < Keyspace.values().length; i++) {
        handles.put(Keyspace.values()[i], opened.get(i + 1));
      }
      resources.addAll(0, opened);
      writeOptions = own(new WriteOptions().setSync(sync));
      committer = sync ? new GroupCommitter(db, writeOptions) : null;
    } catch (RocksDBException | IOException e) {
      close();
      throw new InternalServerError(
          "Cannot open the table engine's store at " + directory + ": " + e.getMessage());
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.add(resource);
    return resource;
  }

  public ColumnFamilyHandle cf(Keyspace keyspace) {
    return handles.get(keyspace);
  }

  public byte[] get(Keyspace keyspace, byte[] key) {
    try {
      return db.get(cf(keyspace), key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  public byte[] get(Keyspace keyspace, ReadOptions options, byte[] key) {
    requireOpen();
    try {
      return db.get(cf(keyspace), options, key);
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
  }

  public void write(WriteBatch batch) {
    requireOpen();
    try {
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("write", e);
    }
  }

  /**
   * Writes {@code batch} atomically; the future completes once it is durable. Without fsync that is
   * at once, on this thread; with fsync, later, on the committer's thread, together with other
   * writers' batches. The caller must leave the batch alone until the future completes.
   */
  public CompletableFuture<Void> writeLater(WriteBatch batch) {
    if (committer == null) {
      try {
        write(batch);
        return CompletableFuture.completedFuture(null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return committer.submit(batch);
  }

  public RocksIterator iterator(Keyspace keyspace, ReadOptions options) {
    requireOpen();
    return db.newIterator(cf(keyspace), options);
  }

  public Snapshot snapshot() {
    requireOpen();
    return db.getSnapshot();
  }

  public void releaseSnapshot(Snapshot snapshot) {
    db.releaseSnapshot(snapshot);
  }

  /** Deletes {@code [from, to)} in one keyspace, durably. */
  public void deleteRange(Keyspace keyspace, byte[] from, byte[] to) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.deleteRange(cf(keyspace), from, to);
      write(batch);
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
  }

  public void flush() {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options, new ArrayList<>(handles.values()));
    } catch (RocksDBException e) {
      throw failure("flush", e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new InternalServerError("The table engine is closed");
    }
  }

  static InternalServerError failure(String what, RocksDBException e) {
    return new InternalServerError("Storage " + what + " failed: " + e.getMessage());
  }

  @Override
  public void close() {
    closed = true;
    if (committer != null) {
      committer.close(); // what is queued is written before the store goes
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // closing in order; a failure here leaves nothing to recover
      }
    }
    resources.clear();
  }
}

package dev.tributary.bench;

import static dev.tributary.core.AttributeValue.s;

import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.internal.codec.KeyEncoding;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The floor under {@link EngineBenchmark}: one {@code RocksDB.put} per write of exactly the bytes
 * the engine stores for an Orders item (the same key layout, {@code tableId | partition hash |
 * enc(customerId) | enc(orderDate)}, and {@link ItemCodec} values), with the engine's column family
 * settings (LZ4, bloom filter, 64 MiB block cache) and the same WriteOptions sync setting. No
 * read-before-write, no lock, no change record, no counters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public abstract class RawRocksDbBenchmark {
  /** Encoded values to cycle through: items like the engine writes, all of one size. */
  private static final int VALUE_POOL = 4096;

  static {
    RocksDB.loadLibrary();
  }

  private Path dir;
  private Options options;
  private LRUCache cache;
  private BloomFilter bloom;
  private WriteOptions writeOptions;
  private RocksDB db;
  private byte[][] keys;
  private byte[][] values;

  protected abstract boolean sync();

  @Setup(Level.Trial)
  public void open() throws RocksDBException {
    dir = BenchDirs.create("rocksdb");
    cache = new LRUCache(64L * 1024 * 1024);
    bloom = new BloomFilter(10, false);
    options =
        new Options()
            .setCreateIfMissing(true)
            .setMaxBackgroundJobs(2)
            .setKeepLogFileNum(3)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setTableFormatConfig(
                new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(bloom)
                    .setWholeKeyFiltering(true));
    db = RocksDB.open(options, dir.toString());
    keys = new byte[Orders.ITEMS][];
    values = new byte[VALUE_POOL][];
    for (int i = 0; i < VALUE_POOL; i++) {
      values[i] =
          ItemCodec.encode(
              Orders.order(
                  Orders.customerOf(i),
                  Orders.orderDateOf(i),
                  Orders.STATUSES[1],
                  Orders.writtenTotal(i),
                  0));
    }
    try (WriteOptions noSync = new WriteOptions().setSync(false)) {
      for (int from = 0; from < Orders.ITEMS; from += 1000) {
        try (WriteBatch batch = new WriteBatch()) {
          for (int i = from; i < Math.min(Orders.ITEMS, from + 1000); i++) {
            keys[i] = itemKey(Orders.customerOf(i), Orders.orderDateOf(i));
            batch.put(keys[i], ItemCodec.encode(Orders.preloaded(i)));
          }
          db.write(noSync, batch);
        }
      }
    }
    // The engine's preload ends with a reopen, whose recovery flushes the memtables: flush here
    // too,
    // so reads in both benchmarks start from the same place (level-0 files and the block cache).
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    }
    writeOptions = new WriteOptions().setSync(sync());
  }

  @TearDown(Level.Trial)
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {writeOptions, db, options, bloom, cache}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // closing everything regardless
      }
    }
    BenchDirs.delete(dir);
  }

  /** The engine's item key: {@code tableId(4) | partitionHash(4) | enc(pk) | enc(sk)}. */
  static byte[] itemKey(String customer, String orderDate) {
    byte[] pk = KeyEncoding.encode(s(customer));
    byte[] sk = KeyEncoding.encode(s(orderDate));
    int h = KeyEncoding.partitionHash(pk);
    int t = Orders.TABLE_ID;
    byte[] key = new byte[8 + pk.length + sk.length];
    key[0] = (byte) (t >>> 24);
    key[1] = (byte) (t >>> 16);
    key[2] = (byte) (t >>> 8);
    key[3] = (byte) t;
    key[4] = (byte) (h >>> 24);
    key[5] = (byte) (h >>> 16);
    key[6] = (byte) (h >>> 8);
    key[7] = (byte) h;
    System.arraycopy(pk, 0, key, 8, pk.length);
    System.arraycopy(sk, 0, key, 8 + pk.length, sk.length);
    return key;
  }

  private byte[] nextValue(Orders.Worker w) {
    return values[(int) (w.writes++ % VALUE_POOL)];
  }

  /** A key no one has written (built per call, as the engine builds it). */
  @Benchmark
  public void putNew(Orders.Worker w) throws RocksDBException {
    String customer = w.nextNewCustomer();
    byte[] key = itemKey(customer, w.nextNewOrderDate());
    db.put(writeOptions, key, nextValue(w));
  }

  @Benchmark
  public void putOverwrite(Orders.Worker w) throws RocksDBException {
    db.put(writeOptions, keys[w.anyItem()], nextValue(w));
  }

  @Benchmark
  public byte[] get(Orders.Worker w) throws RocksDBException {
    return db.get(keys[w.anyItem()]);
  }

  @Threads(1)
  public static class OneThread extends RawRocksDbBenchmark {
    @Param({"false"})
    public boolean sync;

    @Override
    protected boolean sync() {
      return sync;
    }
  }

  @Threads(4)
  public static class FourThreads extends RawRocksDbBenchmark {
    @Param({"false"})
    public boolean sync;

    @Override
    protected boolean sync() {
      return sync;
    }
  }

  /** Four threads, fsync on every put; run only the puts: {@code -e 'FourThreadsSync\.get'}. */
  @Threads(4)
  public static class FourThreadsSync extends RawRocksDbBenchmark {
    @Param({"true"})
    public boolean sync;

    @Override
    protected boolean sync() {
      return sync;
    }
  }
}

package dev.tributary.bench;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GetItemResponse;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteItemResponse;
import java.nio.file.Path;
import java.util.Map;
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

/**
 * The table engine's item operations on the chapter's Orders table, with the table's stream
 * (NEW_AND_OLD_IMAGES) off and on. Compare with {@link RawRocksDbBenchmark}, which writes the same
 * key and value bytes straight to RocksDB.
 *
 * <p>The operations are declared once here; the nested classes fix the thread count and the fsync
 * setting ({@code sync}): {@link OneThread} and {@link FourThreads} with sync=false, {@link
 * FourThreadsSync} with sync=true and 4 threads, so RocksDB's group commit shares each fsync.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public abstract class EngineBenchmark {
  private static final String UPDATE = "SET #s = :s, version = version + :one";
  private static final String EXPECTED_VERSION = "version = :expected";
  private static final AttributeValue ONE = n(1);

  /** Whether the table has a stream, i.e. whether each write also appends a change record. */
  @Param({"false", "true"})
  public boolean stream;

  private Path dir;
  private TributaryEngine engine;
  private Map<String, AttributeValue>[] keys;

  /** Whether every write is fsynced before it returns ({@link EngineOptions#syncWrites()}). */
  protected abstract boolean sync();

  @Setup(Level.Trial)
  @SuppressWarnings("unchecked")
  public void open() {
    dir = BenchDirs.create("engine");
    keys = new Map[Orders.ITEMS];
    for (int i = 0; i < Orders.ITEMS; i++) {
      keys[i] = Orders.key(i);
    }
    // Preload without fsync (50k fsyncs would take minutes), then reopen with the setting measured.
    try (TributaryEngine loader = open(false)) {
      CreateTableRequest.Builder table =
          CreateTableRequest.builder(Orders.TABLE)
              .partitionKey("customerId", ScalarAttributeType.S)
              .sortKey("orderDate", ScalarAttributeType.S);
      if (stream) {
        table.stream(StreamViewType.NEW_AND_OLD_IMAGES);
      }
      loader.createTable(table.build());
      for (int i = 0; i < Orders.ITEMS; i++) {
        loader.putItem(PutItemRequest.of(Orders.TABLE, Orders.preloaded(i)));
      }
    }
    engine = open(sync());
    PageResponse page = engine.query(query(0));
    if (page.count() != 10) {
      throw new IllegalStateException(
          "Preload failed: a query returned " + page.count() + " items");
    }
  }

  private TributaryEngine open(boolean syncWrites) {
    return TributaryEngine.open(EngineOptions.builder(dir).syncWrites(syncWrites).build());
  }

  @TearDown(Level.Trial)
  public void close() {
    if (engine != null) {
      engine.close();
    }
    BenchDirs.delete(dir);
  }

  private static QueryRequest query(int customer) {
    return QueryRequest.builder(Orders.TABLE, "customerId = :c")
        .value(":c", s(Orders.customer(customer)))
        .limit(10)
        .build();
  }

  /** PutItem of an item that does not exist yet. */
  @Benchmark
  public WriteItemResponse putNew(Orders.Worker w) {
    return engine.putItem(PutItemRequest.of(Orders.TABLE, w.nextNewItem()));
  }

  /**
   * PutItem replacing one of the 50,000 preloaded items (the change record carries both images).
   */
  @Benchmark
  public WriteItemResponse putOverwrite(Orders.Worker w) {
    return engine.putItem(PutItemRequest.of(Orders.TABLE, w.overwriteOf(w.anyItem())));
  }

  @Benchmark
  public GetItemResponse get(Orders.Worker w) {
    return engine.getItem(GetItemRequest.of(Orders.TABLE, keys[w.anyItem()]));
  }

  /** The first 10 of a customer's 20 orders. */
  @Benchmark
  public PageResponse query(Orders.Worker w) {
    return engine.query(query(w.anyCustomer()));
  }

  /**
   * Optimistic locking as in the chapter: {@code SET #s = :s, version = version + :one} if {@code
   * version = :expected}. Each thread updates only its own items, so the condition always holds.
   */
  @Benchmark
  public WriteItemResponse conditionalUpdate(Orders.Worker w) {
    int slot = w.ownedSlot();
    long expected = w.versions[slot];
    WriteItemResponse r =
        engine.updateItem(
            UpdateItemRequest.builder(Orders.TABLE, keys[w.itemOfSlot(slot)])
                .update(UPDATE)
                .condition(EXPECTED_VERSION)
                .name("#s", "status")
                .value(":s", Orders.STATUSES[(int) (expected % Orders.STATUSES.length)])
                .value(":one", ONE)
                .value(":expected", n(expected))
                .build());
    w.versions[slot] = expected + 1;
    return r;
  }

  /** One thread, no fsync. */
  @Threads(1)
  public static class OneThread extends EngineBenchmark {
    @Param({"false"})
    public boolean sync;

    @Override
    protected boolean sync() {
      return sync;
    }
  }

  /** Four threads on the two cores of the reference machine, no fsync. */
  @Threads(4)
  public static class FourThreads extends EngineBenchmark {
    @Param({"false"})
    public boolean sync;

    @Override
    protected boolean sync() {
      return sync;
    }
  }

  /**
   * Four threads, fsync on every write. Reads are the same as without fsync, so run only the
   * writes: {@code -e 'FourThreadsSync\.(get|query)'}.
   */
  @Threads(4)
  public static class FourThreadsSync extends EngineBenchmark {
    @Param({"true"})
    public boolean sync;

    @Override
    protected boolean sync() {
      return sync;
    }
  }
}

package dev.tributary.engine.internal;

import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.core.Item;
import dev.tributary.engine.model.AttributeDefinition;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TableStatus;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.slf4j.LoggerFactory;

/**
 * The control plane's background work on a real store: GSI backfills (and what happens when one
 * fails) and indexing the expiry times of existing items. Background tasks are queued and run by
 * the test, so each step is deterministic.
 */
class BackgroundIndexingIT {
  @TempDir Path dir;
  final Clock clock = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
  final List<Runnable> background = new ArrayList<>();
  Store store;
  EngineContext ctx;
  ControlPlane control;
  ItemOperations items;
  final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void open() {
    store = new Store(dir, false, 8 << 20);
    ctx = new EngineContext(store, clock, "us-east-1", "000000000000");
    control = new ControlPlane(ctx, background::add);
    items = new ItemOperations(ctx);
    logged.start();
    ((Logger) LoggerFactory.getLogger(IndexJobs.class)).addAppender(logged);
  }

  @AfterEach
  void close() {
    ((Logger) LoggerFactory.getLogger(IndexJobs.class)).detachAppender(logged);
    store.close();
  }

  private void runBackground() {
    List<Runnable> tasks = new ArrayList<>(background);
    background.clear();
    tasks.forEach(Runnable::run);
  }

  private void createOrders(int count) {
    control.create(
        CreateTableRequest.builder("Orders").partitionKey("id", ScalarAttributeType.S).build());
    for (int i = 0; i < count; i++) {
      Item b = Item.builder().s("id", "o" + i).s("status", i % 2 == 0 ? "NEW" : "DONE");
      if (i % 5 != 0) {
        b.n("expiresAt", 1_700_000_000L + i);
      }
      items.put(PutItemRequest.of("Orders", b.build()));
    }
  }

  private UpdateTableRequest createByStatus() {
    return UpdateTableRequest.builder("Orders")
        .attributeDefinitions(AttributeDefinition.s("status"))
        .createIndex(
            GlobalSecondaryIndex.of("ByStatus", Projection.all(), KeySchemaElement.hash("status")))
        .build();
  }

  private byte[] storageKey(String id) {
    return KeyRules.storageKey(ctx.tables.get("Orders").meta(), Map.of("id", s(id)));
  }

  private void rawWrite(byte[] key, byte[] value) throws Exception {
    try (WriteBatch b = new WriteBatch()) {
      if (value == null) {
        b.delete(store.cf(Keyspace.ITEMS), key);
      } else {
        b.put(store.cf(Keyspace.ITEMS), key, value);
      }
      store.write(b);
    }
  }

  private long entries(Keyspace keyspace, int owner) {
    long n = 0;
    byte[] end = StorageKeys.ownerEnd(owner);
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = store.iterator(keyspace, ro)) {
      for (it.seek(StorageKeys.ownerStart(owner)); it.isValid(); it.next()) {
        if (Arrays.compareUnsigned(it.key(), end) >= 0) {
          break;
        }
        n++;
      }
    }
    return n;
  }

  @Test
  void shouldDeleteAnIndexWhoseBackfillFailsAndLetItBeCreatedAgain() throws Exception {
    createOrders(600);
    // an item the backfill cannot read: its stored bytes are corrupt
    rawWrite(storageKey("o5"), new byte[] {99, 1, 2});

    control.update(createByStatus());
    IndexMeta creating = ctx.tables.get("Orders").meta().index("ByStatus").orElseThrow();
    assertThat(control.describe("Orders").globalSecondaryIndexes())
        .singleElement()
        .satisfies(i -> assertThat(i.indexStatus()).isEqualTo(TableStatus.CREATING));
    runBackground();

    // final and visible: the index is gone, its entries too, and an error names it
    assertThat(control.describe("Orders").globalSecondaryIndexes()).isEmpty();
    assertThat(control.describe("Orders").tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(ctx.tables.get("Orders").meta().index("ByStatus")).isEmpty();
    assertThat(ctx.catalog.loadAll())
        .singleElement()
        .satisfies(m -> assertThat(m.index("ByStatus")).isEmpty());
    assertThat(entries(Keyspace.INDEXES, creating.uid())).isZero();
    assertThat(logged.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.ERROR);
              assertThat(e.getFormattedMessage())
                  .startsWith("Backfill of index ByStatus on table Orders failed");
              assertThat(e.getThrowableProxy()).isNotNull();
            });
    // writes go on without the index
    items.put(
        PutItemRequest.of("Orders", Item.builder().s("id", "after").s("status", "NEW").build()));

    // once the cause is gone, UpdateTable creates the index again
    rawWrite(storageKey("o5"), null);
    control.update(createByStatus());
    runBackground();
    assertThat(control.describe("Orders").globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.indexStatus()).isEqualTo(TableStatus.ACTIVE);
              assertThat(i.itemCount()).isEqualTo(600);
            });
  }

  @Test
  void shouldWaitForATransactionHoldingAnItemRatherThanFailTheBackfill() throws Exception {
    createOrders(300);
    control.update(createByStatus());
    ItemLocks.Held held = ctx.locks.lockForTransaction(storageKey("o7"), 100);
    assertThat(held).isNotNull();
    Thread backfill = new Thread(this::runBackground);
    backfill.start();
    Thread.sleep(100);
    assertThat(control.describe("Orders").globalSecondaryIndexes())
        .singleElement()
        .satisfies(i -> assertThat(i.indexStatus()).isEqualTo(TableStatus.CREATING));
    held.close();
    backfill.join(10_000);
    assertThat(control.describe("Orders").globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.indexStatus()).isEqualTo(TableStatus.ACTIVE);
              assertThat(i.itemCount()).isEqualTo(300);
            });
  }

  @Test
  void shouldIndexExpiriesOfExistingItemsInBoundedBatches() {
    createOrders(250); // 200 of them have an expiry time
    control.updateTimeToLive("Orders", true, "expiresAt");
    background.clear(); // the test runs the indexing itself, with small batches
    TableRuntime t = ctx.tables.get("Orders");

    assertThat(control.ttl.indexExpiries(t, 100)).isEqualTo(3);
    assertThat(entries(Keyspace.TTL, t.meta().id())).isEqualTo(200);
    assertThat(control.ttl.indexExpiries(t, 250)).isEqualTo(1); // rewriting entries changes nothing
    assertThat(entries(Keyspace.TTL, t.meta().id())).isEqualTo(200);
    assertThat(control.ttl.indexExpiries(t, TimeToLiveSettings.EXPIRY_CHUNK)).isEqualTo(1);

    // the sweeper finds every one of them
    assertThat(new TtlSweeper(ctx).sweep()).isEqualTo(200);
    assertThat(control.describe("Orders").itemCount()).isEqualTo(50);
  }
}

package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots taken while four threads write: the snapshot's items must be exactly the changes it
 * says it includes, applied in order, and the items plus the changes it does not include must be
 * exactly the table at the end: the contract a backfill relies on for no gap and no double.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TableSnapshotIT {
  static final String TABLE = "Snap";
  static final int KEYS = 40;

  @TempDir Path dir;
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir).syncWrites(false).retainChangesForever().build());
    engine.createTable(
        CreateTableRequest.builder(TABLE).partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void shouldReflectExactlyTheChangesItIncludesWhileWritersRun() throws Exception {
    for (int k = 0; k < KEYS; k++) {
      engine.putItem(PutItemRequest.of(TABLE, Item.builder().s("id", "k" + k).n("v", 0).build()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean stop = new AtomicBoolean();
    List<Future<?>> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      writers.add(pool.submit(() -> write(stop)));
    }
    List<Map<String, Map<String, AttributeValue>>> itemsOf = new ArrayList<>();
    List<TableSnapshot> snapshots = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        Thread.sleep(40);
        TableSnapshot s = engine.snapshot(TABLE);
        snapshots.add(s);
        try (var events = s.events()) {
          Map<String, Map<String, AttributeValue>> items = new HashMap<>();
          events.forEach(
              e -> {
                assertThat(e.snapshot()).isTrue();
                assertThat(e.eventName()).isEqualTo(EventName.INSERT);
                assertThat(e.dynamodb().oldImage()).isEmpty();
                assertThat(Long.parseLong(e.dynamodb().sequenceNumber())).isEqualTo(s.sequence());
                items.put(id(e), e.dynamodb().newImage().orElseThrow());
              });
          itemsOf.add(items);
        }
      }
    } finally {
      stop.set(true);
      for (Future<?> w : writers) {
        w.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
    }
    List<ChangeEvent> log = readAll(engine.changeStream(TABLE));
    Map<String, Map<String, AttributeValue>> finalTable = new HashMap<>();
    engine.scan(ScanRequest.of(TABLE)).items().forEach(i -> finalTable.put(id(i), i));
    boolean sawInFlight = false;
    for (int i = 0; i < snapshots.size(); i++) {
      TableSnapshot s = snapshots.get(i);
      Map<String, Map<String, AttributeValue>> included = new HashMap<>();
      Map<String, Map<String, AttributeValue>> continued = new HashMap<>(itemsOf.get(i));
      long lastIncluded = 0;
      for (ChangeEvent e : log) {
        long seq = ChangeStream.sequenceOf(e);
        lastIncluded = s.includes(seq) ? Math.max(lastIncluded, seq) : lastIncluded;
        apply(s.includes(seq) ? included : continued, e);
        sawInFlight |= seq > s.sequence() && s.includes(seq);
      }
      assertThat(itemsOf.get(i)).as("items of %s", s).isEqualTo(included);
      assertThat(s.lastIncludedChange())
          .as("last included change of %s", s)
          .isEqualTo(lastIncluded);
      assertThat(continued).as("items of %s + the changes it excludes", s).isEqualTo(finalTable);
      s.close();
    }
    assertThat(log.size()).isGreaterThan(KEYS * 3);
    System.out.println("in-flight changes seen above a snapshot's sequence: " + sawInFlight);
  }

  @Test
  void shouldRefuseToReadAfterClose() {
    TableSnapshot s = engine.snapshot(TABLE);
    s.close();
    s.close();
    Assertions.assertThatThrownBy(s::events)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private void write(AtomicBoolean stop) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    while (!stop.get()) {
      String id = "k" + r.nextInt(KEYS);
      if (r.nextInt(5) == 0) {
        engine.deleteItem(DeleteItemRequest.of(TABLE, Item.key("id", id)));
      } else {
        engine.putItem(
            PutItemRequest.of(
                TABLE, Item.builder().s("id", id).n("v", r.nextInt(1_000_000)).build()));
      }
    }
  }

  private static void apply(Map<String, Map<String, AttributeValue>> model, ChangeEvent e) {
    if (e.eventName() == EventName.REMOVE) {
      model.remove(id(e));
    } else {
      model.put(id(e), e.dynamodb().newImage().orElseThrow());
    }
  }

  private static String id(ChangeEvent e) {
    return id(e.dynamodb().keys());
  }

  private static String id(Map<String, AttributeValue> item) {
    return ((AttributeValue.S) item.get("id")).value();
  }

  private static List<ChangeEvent> readAll(ChangeStream stream) {
    List<ChangeEvent> out = new ArrayList<>();
    long after = 0;
    for (List<ChangeEvent> page; !(page = stream.read(after, 1000)).isEmpty(); ) {
      out.addAll(page);
      after = ChangeStream.sequenceOf(page.get(page.size() - 1));
    }
    return out;
  }
}

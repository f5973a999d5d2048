package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteItemResponse;
import dev.tributary.engine.model.WriteRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fsynced writes through the engine's commit thread: many writes in flight at once, grouped into
 * shared fsyncs, each still atomic, acknowledged only once durable, and linearizable per item
 * although the item's lock is released by the commit thread.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupCommitIT {
  static final int THREADS = 8;

  @TempDir Path dir;
  TributaryEngine engine;
  final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    if (engine != null) {
      engine.close();
    }
  }

  private TributaryEngine open() {
    return TributaryEngine.open(
        EngineOptions.builder(dir).syncWrites(true).retainChangesForever().build());
  }

  private void createTable(String name, boolean withIndex) {
    CreateTableRequest.Builder b =
        CreateTableRequest.builder(name).partitionKey("id", ScalarAttributeType.S).stream(
            StreamViewType.NEW_AND_OLD_IMAGES);
    if (withIndex) {
      b.attribute("group", ScalarAttributeType.S)
          .globalSecondaryIndex(
              GlobalSecondaryIndex.of("byGroup", Projection.all(), KeySchemaElement.hash("group")));
    }
    engine.createTable(b.build());
  }

  @Test
  void shouldCountEveryConcurrentIncrementOfOneItemOnceAndInOrder() throws Exception {
    engine = open();
    createTable("Counters", false);
    int perThread = 150;
    List<CompletableFuture<CompletableFuture<WriteItemResponse>>> issued = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < perThread; i++) {
        // Issued from the pool, not awaited there: writers of the one item queue on its lock
        // while earlier increments are still waiting for their fsync.
        issued.add(
            CompletableFuture.supplyAsync(
                () ->
                    engine.updateItemAsync(
                        UpdateItemRequest.builder("Counters", Map.of("id", s("c")))
                            .update("ADD n :one")
                            .value(":one", n(1))
                            .build()),
                pool));
      }
    }
    for (CompletableFuture<CompletableFuture<WriteItemResponse>> f : issued) {
      f.get(60, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS);
    }
    int total = THREADS * perThread;
    assertThat(
            engine
                .getItem(GetItemRequest.of("Counters", Map.of("id", s("c"))))
                .item()
                .orElseThrow())
        .containsEntry("n", n(total));

    List<ChangeEvent> log = engine.changeStream("Counters").read(0, total + 10);
    assertThat(log).hasSize(total);
    Map<String, AttributeValue> before = null;
    for (int i = 0; i < total; i++) {
      ChangeEvent e = log.get(i);
      assertThat(e.eventName()).isEqualTo(i == 0 ? EventName.INSERT : EventName.MODIFY);
      assertThat(e.dynamodb().newImage().orElseThrow()).containsEntry("n", n(i + 1));
      assertThat(e.dynamodb().oldImage().orElse(null)).isEqualTo(before);
      before = e.dynamodb().newImage().orElseThrow();
    }
  }

  @Test
  void shouldKeepEveryGroupedWriteWholeAcrossAReopen() throws Exception {
    engine = open();
    createTable("Orders", true);
    int perThread = 200;
    List<CompletableFuture<WriteItemResponse>> writes =
        Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> issuers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      issuers.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  writes.add(
                      engine.putItemAsync(
                          PutItemRequest.of(
                              "Orders",
                              Map.of(
                                  "id", s("o-" + thread + "-" + i),
                                  "group", s("g" + (i % 4)),
                                  "n", n(i)))));
                }
              },
              pool));
    }
    for (CompletableFuture<Void> f : issuers) {
      f.get(60, TimeUnit.SECONDS);
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    engine.close();

    engine = open();
    int total = THREADS * perThread;
    int indexed = 0;
    for (int g = 0; g < 4; g++) {
      Optional<Map<String, AttributeValue>> start = Optional.empty();
      do {
        var page =
            engine.query(
                QueryRequest.builder("Orders", "#g = :g")
                    .index("byGroup")
                    .name("#g", "group")
                    .value(":g", s("g" + g))
                    .exclusiveStartKey(start.orElse(null))
                    .build());
        indexed += page.items().size();
        start = page.lastEvaluatedKey();
      } while (start.isPresent());
    }
    assertThat(indexed)
        .as("index entries, written in the same batches as their items")
        .isEqualTo(total);
    assertThat(engine.describeTable("Orders").itemCount()).isEqualTo(total);
    List<ChangeEvent> log = engine.changeStream("Orders").read(0, total + 10);
    assertThat(log).hasSize(total).allMatch(e -> e.eventName() == EventName.INSERT);
    Set<String> ids = new HashSet<>();
    for (ChangeEvent e : log) {
      ids.add(((AttributeValue.S) e.dynamodb().keys().get("id")).value());
    }
    assertThat(ids).hasSize(total);
  }

  @Test
  void shouldFailAFailedConditionAtOnceAndLeaveTheItemFree() throws Exception {
    engine = open();
    createTable("Items", false);
    engine.putItem(PutItemRequest.of("Items", Map.of("id", s("a"), "v", n(1))));
    CompletableFuture<WriteItemResponse> refused =
        engine.putItemAsync(
            PutItemRequest.builder("Items", Map.of("id", s("a"), "v", n(2)))
                .condition("attribute_not_exists(id)")
                .build());
    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ConditionalCheckFailedException.class);
    // The refused write released the item's lock: the next one goes through.
    engine
        .updateItemAsync(
            UpdateItemRequest.builder("Items", Map.of("id", s("a")))
                .update("SET v = :v")
                .value(":v", n(3))
                .build())
        .get(10, TimeUnit.SECONDS);
    assertThat(
            engine.getItem(GetItemRequest.of("Items", Map.of("id", s("a")))).item().orElseThrow())
        .containsEntry("v", n(3));
    assertThat(engine.changeStream("Items").read(0, 10)).hasSize(2);
  }

  @Test
  void shouldWriteABatchOfItemsTogether() {
    engine = open();
    createTable("Batch", false);
    List<WriteRequest> puts = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      puts.add(new WriteRequest.Put("Batch", Map.of("id", s("b" + i), "n", n(i))));
    }
    assertThat(engine.batchWriteItem(puts).unprocessedItems()).isEmpty();
    assertThat(engine.describeTable("Batch").itemCount()).isEqualTo(25);
    assertThat(engine.changeStream("Batch").read(0, 100)).hasSize(25);
  }
}

package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.ItemSizes;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.UserIdentity;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Change records, TTL deletion, consumed capacity and provisioned throttling. */
class StreamsTtlCapacityIT {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2025-03-01T12:00:00Z");
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir)
                .syncWrites(false)
                .clock(clock)
                .ttlSweepInterval(Duration.ofHours(1))
                .maintenanceInterval(Duration.ofHours(1))
                .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void createTable(String name, StreamViewType view) {
    engine.createTable(
        CreateTableRequest.builder(name).partitionKey("id", ScalarAttributeType.S).stream(view)
            .build());
  }

  private void put(String table, Map<String, AttributeValue> item) {
    engine.putItem(PutItemRequest.of(table, item));
  }

  // ---- change records ------------------------------------------------------------------------

  @Test
  void shouldEmitRecordsExactlyWhenTheItemChanges() {
    createTable("Orders", StreamViewType.NEW_AND_OLD_IMAGES);
    Map<String, AttributeValue> v1 = Item.builder().s("id", "1").n("qty", 1).build();
    Map<String, AttributeValue> v2 = Item.builder().s("id", "1").n("qty", 2).build();
    put("Orders", v1); // INSERT
    put("Orders", v1); // identical: nothing
    engine.updateItem(
        UpdateItemRequest.builder("Orders", Item.key("id", "1")) // no change: nothing
            .update("SET qty = :q")
            .value(":q", n(1))
            .build());
    put("Orders", v2); // MODIFY
    assertThatThrownBy(
            () ->
                engine.putItem(
                    PutItemRequest.builder("Orders", v1)
                        .condition("qty = :q")
                        .value(":q", n(9))
                        .build())) // failed: nothing
        .isInstanceOf(ConditionalCheckFailedException.class);
    engine.deleteItem(DeleteItemRequest.of("Orders", Item.key("id", "1"))); // REMOVE
    engine.deleteItem(DeleteItemRequest.of("Orders", Item.key("id", "1"))); // missing: nothing
    engine.deleteItem(DeleteItemRequest.of("Orders", Item.key("id", "never"))); // missing: nothing

    List<ChangeEvent> events = engine.changeStream("Orders").read(0, 100);
    assertThat(events)
        .extracting(ChangeEvent::eventName)
        .containsExactly(EventName.INSERT, EventName.MODIFY, EventName.REMOVE);
    ChangeEvent modify = events.get(1);
    assertThat(modify.dynamodb().keys()).isEqualTo(Map.of("id", s("1")));
    assertThat(modify.dynamodb().oldImage()).contains(v1);
    assertThat(modify.dynamodb().newImage()).contains(v2);
    assertThat(modify.eventSource()).isEqualTo("aws:dynamodb");
    assertThat(modify.awsRegion()).isEqualTo("us-east-1");
    assertThat(modify.userIdentity()).isEmpty();
    assertThat(modify.dynamodb().approximateCreationDateTime()).isEqualTo(clock.instant());
    assertThat(modify.dynamodb().sizeBytes()).isPositive();
  }

  @ParameterizedTest
  @EnumSource(StreamViewType.class)
  void shouldCarryTheImagesOfTheViewType(StreamViewType view) {
    createTable("Viewed", view);
    Map<String, AttributeValue> v1 = Item.builder().s("id", "k").s("state", "a").build();
    Map<String, AttributeValue> v2 = Item.builder().s("id", "k").s("state", "b").build();
    put("Viewed", v1);
    put("Viewed", v2);
    engine.deleteItem(DeleteItemRequest.of("Viewed", Item.key("id", "k")));

    List<ChangeEvent> events = engine.changeStream("Viewed").read(0, 10);
    assertThat(events)
        .hasSize(3)
        .allSatisfy(
            e -> {
              assertThat(e.dynamodb().streamViewType()).isEqualTo(view);
              assertThat(e.dynamodb().keys()).isEqualTo(Map.of("id", s("k")));
            });
    boolean newImages =
        view == StreamViewType.NEW_IMAGE || view == StreamViewType.NEW_AND_OLD_IMAGES;
    boolean oldImages =
        view == StreamViewType.OLD_IMAGE || view == StreamViewType.NEW_AND_OLD_IMAGES;
    assertThat(events.get(0).dynamodb().newImage())
        .isEqualTo(newImages ? Optional.of(v1) : Optional.empty());
    assertThat(events.get(0).dynamodb().oldImage()).isEmpty();
    assertThat(events.get(1).dynamodb().newImage())
        .isEqualTo(newImages ? Optional.of(v2) : Optional.empty());
    assertThat(events.get(1).dynamodb().oldImage())
        .isEqualTo(oldImages ? Optional.of(v1) : Optional.empty());
    assertThat(events.get(2).dynamodb().newImage()).isEmpty();
    assertThat(events.get(2).dynamodb().oldImage())
        .isEqualTo(oldImages ? Optional.of(v2) : Optional.empty());
  }

  @Test
  void shouldNumberRecordsMonotonicallyUnderConcurrentWriters() throws Exception {
    createTable("Busy", StreamViewType.KEYS_ONLY);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 100; i++) {
                    put("Busy", Item.builder().s("id", thread + "-" + i).build());
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    ChangeStream stream = engine.changeStream("Busy");
    List<ChangeEvent> events = new ArrayList<>();
    long after = 0;
    List<ChangeEvent> page;
    while (!(page = stream.read(after, 64)).isEmpty()) {
      events.addAll(page);
      after = ChangeStream.sequenceOf(page.get(page.size() - 1));
    }
    assertThat(events).hasSize(400);
    Set<String> ids = new HashSet<>();
    for (int i = 1; i < events.size(); i++) {
      String previous = events.get(i - 1).dynamodb().sequenceNumber();
      String current = events.get(i).dynamodb().sequenceNumber();
      assertThat(ChangeStream.sequenceOf(events.get(i)))
          .isGreaterThan(ChangeStream.sequenceOf(events.get(i - 1)));
      assertThat(current).isGreaterThan(previous); // text order is numeric order too
      ids.add(events.get(i).eventId());
    }
    assertThat(ids).hasSize(399);
    assertThat(stream.latestSequence()).isEqualTo(ChangeStream.sequenceOf(events.get(399)));
  }

  @Test
  void shouldWakePollWhenAnotherThreadWrites() throws Exception {
    createTable("Waited", StreamViewType.NEW_IMAGE);
    ChangeStream stream = engine.changeStream("Waited");
    assertThat(stream.poll(0, 10, Duration.ofMillis(50))).isEmpty();

    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      long start = System.nanoTime();
      Future<List<ChangeEvent>> polled =
          pool.submit(() -> stream.poll(0, 10, Duration.ofSeconds(20)));
      Thread.sleep(300);
      assertThat(polled).isNotDone();
      put("Waited", Item.builder().s("id", "late").build());
      List<ChangeEvent> events = polled.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(events)
          .singleElement()
          .satisfies(e -> assertThat(e.dynamodb().keys()).isEqualTo(Map.of("id", s("late"))));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldTrimRecordsOlderThanRetention() {
    createTable("Kept", StreamViewType.KEYS_ONLY);
    put("Kept", Item.builder().s("id", "a").build());
    put("Kept", Item.builder().s("id", "b").build());
    clock.advance(Duration.ofHours(30));
    put("Kept", Item.builder().s("id", "c").build());
    ChangeStream stream = engine.changeStream("Kept");
    assertThat(stream.oldestSequence()).contains(1L);

    assertThat(engine.trimChangeLogs(Duration.ofHours(24))).isEqualTo(2);
    assertThat(stream.oldestSequence()).contains(3L);
    assertThat(stream.read(0, 10))
        .extracting(e -> e.dynamodb().keys().get("id"))
        .containsExactly(s("c"));
    assertThat(engine.trimChangeLogs(Duration.ofHours(24))).isZero();

    clock.advance(Duration.ofHours(25));
    assertThat(engine.trimChangeLogs(Duration.ofHours(24))).isEqualTo(1);
    assertThat(stream.oldestSequence()).isEmpty();
    put("Kept", Item.builder().s("id", "d").build());
    assertThat(stream.read(0, 10))
        .singleElement()
        .satisfies(e -> assertThat(ChangeStream.sequenceOf(e)).isEqualTo(4));
  }

  // ---- TTL -----------------------------------------------------------------------------------

  @Test
  void shouldEnableAndDescribeTimeToLive() {
    createTable("Sessions", StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(engine.describeTimeToLive("Sessions").timeToLiveStatus()).isEqualTo("DISABLED");
    assertThat(engine.describeTimeToLive("Sessions").attributeName()).isEmpty();

    engine.updateTimeToLive("Sessions", true, "expiresAt");
    assertThat(engine.describeTimeToLive("Sessions").timeToLiveStatus()).isEqualTo("ENABLED");
    assertThat(engine.describeTimeToLive("Sessions").attributeName()).contains("expiresAt");
    assertThatThrownBy(() -> engine.updateTimeToLive("Sessions", true, "other"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("TimeToLive is already enabled");
    assertThatThrownBy(() -> engine.updateTimeToLive("Sessions", false, "other"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "TimeToLive is active on a different AttributeName: current AttributeName is expiresAt");

    engine.updateTimeToLive("Sessions", false, "expiresAt");
    assertThat(engine.describeTimeToLive("Sessions").timeToLiveStatus()).isEqualTo("DISABLED");
    assertThatThrownBy(() -> engine.updateTimeToLive("Nope", true, "x"))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldDeleteExpiredItemsWithServiceIdentity() throws Exception {
    createTable("Sessions", StreamViewType.NEW_AND_OLD_IMAGES);
    long now = clock.epochSeconds();
    Map<String, AttributeValue> before =
        Item.builder().s("id", "before").n("expiresAt", now - 60).build();
    put("Sessions", before); // written before TTL was enabled
    engine.updateTimeToLive("Sessions", true, "expiresAt");
    put("Sessions", Item.builder().s("id", "expired").n("expiresAt", now - 10).build());
    put("Sessions", Item.builder().s("id", "future").n("expiresAt", now + 3600).build());
    put(
        "Sessions",
        Item.builder().s("id", "ancient").n("expiresAt", now - 6L * 365 * 24 * 3600).build());
    put("Sessions", Item.builder().s("id", "text").s("expiresAt", Long.toString(now - 10)).build());
    put("Sessions", Item.builder().s("id", "none").build());
    long sequence = engine.changeStream("Sessions").latestSequence();

    long deleted = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (deleted < 2 && System.nanoTime() < deadline) { // "before" is indexed in the background
      deleted += engine.sweepExpiredItems();
      Thread.sleep(deleted < 2 ? 20 : 0);
    }
    assertThat(deleted).isEqualTo(2);
    assertThat(engine.sweepExpiredItems()).isZero();

    assertThat(exists("expired")).isFalse();
    assertThat(exists("before")).isFalse();
    assertThat(exists("future")).isTrue();
    assertThat(exists("ancient")).isTrue();
    assertThat(exists("text")).isTrue();
    assertThat(exists("none")).isTrue();

    List<ChangeEvent> removes = engine.changeStream("Sessions").read(sequence, 10);
    assertThat(removes)
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.eventName()).isEqualTo(EventName.REMOVE);
              assertThat(e.userIdentity())
                  .contains(new UserIdentity("Service", "dynamodb.amazonaws.com"));
              assertThat(e.dynamodb().oldImage()).isPresent();
            });
    assertThat(removes).extracting(e -> e.dynamodb().oldImage().get()).contains(before);

    clock.advance(Duration.ofHours(2));
    assertThat(engine.sweepExpiredItems()).isEqualTo(1);
    assertThat(exists("future")).isFalse();
    assertThat(exists("ancient")).isTrue();

    // a client delete carries no userIdentity
    engine.deleteItem(DeleteItemRequest.of("Sessions", Item.key("id", "none")));
    List<ChangeEvent> all = engine.changeStream("Sessions").read(0, 100);
    assertThat(all.get(all.size() - 1).userIdentity()).isEmpty();
  }

  private boolean exists(String id) {
    return engine
        .getItem(GetItemRequest.of("Sessions", Item.key("id", id)).consistent())
        .item()
        .isPresent();
  }

  // ---- consumed capacity ---------------------------------------------------------------------

  private void createIndexed(String name, boolean provisioned) {
    CreateTableRequest.Builder b =
        CreateTableRequest.builder(name)
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("g", ScalarAttributeType.S);
    GlobalSecondaryIndex gsi =
        GlobalSecondaryIndex.of("ByG", Projection.all(), KeySchemaElement.hash("g"));
    if (provisioned) {
      b.provisioned(1000, 1000)
          .globalSecondaryIndex(
              gsi.withProvisionedThroughput(ProvisionedThroughput.of(1000, 1000)));
    } else {
      b.globalSecondaryIndex(gsi);
    }
    engine.createTable(b.build());
  }

  /** An item of exactly {@code bytes} bytes as DynamoDB sizes it. */
  private static Map<String, AttributeValue> sized(String id, String g, int bytes) {
    Map<String, AttributeValue> base = Item.builder().s("id", id).s("g", g).s("data", "").build();
    long overhead = ItemSizes.itemSize(base);
    Map<String, AttributeValue> item =
        Item.builder()
            .s("id", id)
            .s("g", g)
            .s("data", "x".repeat((int) (bytes - overhead)))
            .build();
    assertThat(ItemSizes.itemSize(item)).isEqualTo(bytes);
    return item;
  }

  @ParameterizedTest
  @EnumSource(
      names = {"PROVISIONED", "PAY_PER_REQUEST"},
      value = BillingMode.class)
  void shouldReportConsumedCapacityAsDynamoDbComputesIt(BillingMode mode) {
    createIndexed("Cap", mode == BillingMode.PROVISIONED);

    // put of a 1.5 KB item: 2 WCU on the table, 2 on the GSI that projects it
    ConsumedCapacity put =
        engine
            .putItem(
                PutItemRequest.builder("Cap", sized("a", "x", 1536))
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .consumedCapacity()
            .orElseThrow();
    assertThat(put.tableName()).isEqualTo("Cap");
    assertThat(put.capacityUnits()).isEqualTo(4.0);
    assertThat(put.table()).hasValueSatisfying(t -> assertThat(t.capacityUnits()).isEqualTo(2.0));
    assertThat(put.globalSecondaryIndexes().get("ByG").capacityUnits()).isEqualTo(2.0);
    ConsumedCapacity total =
        engine
            .putItem(
                PutItemRequest.builder("Cap", sized("b", "x", 1024))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build())
            .consumedCapacity()
            .orElseThrow();
    assertThat(total.capacityUnits()).isEqualTo(2.0);
    assertThat(total.table()).isEmpty();
    assertThat(total.globalSecondaryIndexes()).isEmpty();
    assertThat(engine.putItem(PutItemRequest.of("Cap", sized("c", "x", 100))).consumedCapacity())
        .isEmpty();

    // an update that moves the item in the GSI: a delete and a put of the entry
    ConsumedCapacity moved =
        engine
            .updateItem(
                UpdateItemRequest.builder("Cap", Item.key("id", "a"))
                    .update("SET g = :g")
                    .value(":g", s("y"))
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .consumedCapacity()
            .orElseThrow();
    assertThat(moved.table().orElseThrow().capacityUnits()).isEqualTo(2.0);
    assertThat(moved.globalSecondaryIndexes().get("ByG").capacityUnits()).isEqualTo(4.0);

    // get: 0.5 per 4 KB eventually consistent, 1 strongly consistent, a missing item costs a block
    assertThat(getUnits("a", false)).isEqualTo(0.5);
    assertThat(getUnits("a", true)).isEqualTo(1.0);
    assertThat(getUnits("missing", false)).isEqualTo(0.5);
    engine.putItem(PutItemRequest.of("Cap", sized("big", "z", 9000)));
    assertThat(getUnits("big", true)).isEqualTo(3.0);
    assertThat(getUnits("big", false)).isEqualTo(1.5);

    // query: sizes of everything read summed, then rounded up to 4 KB once
    for (int i = 0; i < 3; i++) {
      engine.putItem(PutItemRequest.of("Cap", sized("q" + i, "q", 3000)));
    }
    ConsumedCapacity gsiQuery =
        engine
            .query(
                QueryRequest.builder("Cap", "g = :g")
                    .index("ByG")
                    .value(":g", s("q"))
                    .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
                    .build())
            .consumedCapacity()
            .orElseThrow();
    assertThat(gsiQuery.capacityUnits())
        .isEqualTo(1.5); // 9000 bytes: 3 blocks of 4 KB, eventually consistent
    assertThat(gsiQuery.globalSecondaryIndexes().get("ByG").capacityUnits()).isEqualTo(1.5);
    ConsumedCapacity tableQuery =
        engine
            .query(
                QueryRequest.builder("Cap", "id = :i")
                    .value(":i", s("q1"))
                    .consistentRead(true)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build())
            .consumedCapacity()
            .orElseThrow();
    assertThat(tableQuery.capacityUnits()).isEqualTo(1.0);
    ConsumedCapacity emptyQuery =
        engine
            .query(
                QueryRequest.builder("Cap", "id = :i")
                    .value(":i", s("none"))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build())
            .consumedCapacity()
            .orElseThrow();
    assertThat(emptyQuery.capacityUnits()).isEqualTo(0.5);
  }

  private double getUnits(String id, boolean consistent) {
    GetItemRequest r =
        GetItemRequest.of("Cap", Item.key("id", id))
            .withReturnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    return engine
        .getItem(consistent ? r.consistent() : r)
        .consumedCapacity()
        .orElseThrow()
        .capacityUnits();
  }

  // ---- throttling ----------------------------------------------------------------------------

  @Test
  void shouldThrottleProvisionedTableAfterBurstIsSpentAndRecover() {
    engine.createTable(
        CreateTableRequest.builder("Tight")
            .partitionKey("id", ScalarAttributeType.S)
            .provisioned(1, 1)
            .build());
    put("Tight", Item.builder().s("id", "0").build());
    assertThatThrownBy(() -> put("Tight", Item.builder().s("id", "1").build()))
        .isInstanceOfSatisfying(
            ProvisionedThroughputExceededException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The level of configured provisioned throughput for the table was"
                          + " exceeded. Consider increasing your provisioning level with the UpdateTable API.");
              assertThat(e.retryable()).isTrue();
            });
    assertThat(engine.describeTable("Tight").itemCount()).isEqualTo(1);

    // reads are limited separately: 1 RCU is two eventually consistent reads of up to 4 KB
    engine.getItem(GetItemRequest.of("Tight", Item.key("id", "0")));
    engine.getItem(GetItemRequest.of("Tight", Item.key("id", "0")));
    assertThatThrownBy(() -> engine.getItem(GetItemRequest.of("Tight", Item.key("id", "0"))))
        .isInstanceOf(ProvisionedThroughputExceededException.class);

    clock.advance(Duration.ofSeconds(1));
    put("Tight", Item.builder().s("id", "1").build());
    assertThat(engine.getItem(GetItemRequest.of("Tight", Item.key("id", "1"))).item()).isPresent();

    // unused capacity accumulates for at most 300 seconds: burst
    clock.advance(Duration.ofHours(1));
    int written = 0;
    try {
      while (written < 1000) {
        put("Tight", Item.builder().s("id", "burst" + written).build());
        written++;
      }
    } catch (ProvisionedThroughputExceededException expected) {
      // burst spent
    }
    assertThat(written).isEqualTo(300);
  }

  @Test
  void shouldThrottleWritesWhenAGsiRunsOutOfCapacity() {
    engine.createTable(
        CreateTableRequest.builder("Narrow")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("g", ScalarAttributeType.S)
            .provisioned(100, 100)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of("ByG", Projection.keysOnly(), KeySchemaElement.hash("g"))
                    .withProvisionedThroughput(ProvisionedThroughput.of(1, 1)))
            .build());
    put("Narrow", Item.builder().s("id", "1").s("g", "a").build());
    assertThatThrownBy(() -> put("Narrow", Item.builder().s("id", "2").s("g", "a").build()))
        .isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageContaining("one or more global secondary indexes");
  }

  @Test
  void shouldNeverThrottlePayPerRequestTables() {
    engine.createTable(
        CreateTableRequest.builder("OnDemand").partitionKey("id", ScalarAttributeType.S).build());
    for (int i = 0; i < 2000; i++) {
      put("OnDemand", Item.builder().s("id", "i" + i).s("pad", "x".repeat(2000)).build());
    }
    for (int i = 0; i < 500; i++) {
      engine.getItem(GetItemRequest.of("OnDemand", Item.key("id", "i" + i)).consistent());
    }
    PageResponse all =
        engine.query(QueryRequest.builder("OnDemand", "id = :i").value(":i", s("i1")).build());
    assertThat(all.count()).isEqualTo(1);
    assertThat(engine.describeTable("OnDemand").itemCount()).isEqualTo(2000);
  }
}

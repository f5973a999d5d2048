package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.AttributeDefinition;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.IndexDescription;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.LocalSecondaryIndex;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import dev.tributary.engine.model.TableStatus;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * CreateTable, DescribeTable, ListTables, UpdateTable, DeleteTable and persistence across opens.
 */
class ControlPlaneIT {
  static final String LABEL = "2025-03-01T12:00:00.000";

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at("2025-03-01T12:00:00Z");
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine = openEngine();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private TributaryEngine openEngine() {
    return TributaryEngine.open(
        EngineOptions.builder(dir)
            .syncWrites(false)
            .clock(clock)
            .ttlSweepInterval(Duration.ofHours(1))
            .maintenanceInterval(Duration.ofHours(1))
            .build());
  }

  // ---- CreateTable ---------------------------------------------------------------------------

  @Test
  void shouldCreateHashKeyTableOnDemand() {
    TableDescription created =
        engine.createTable(
            CreateTableRequest.builder("Users")
                .partitionKey("userId", ScalarAttributeType.S)
                .build());

    assertThat(created.tableStatus()).isEqualTo(TableStatus.CREATING);
    TableDescription d = engine.describeTable("Users");
    assertThat(d.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(d.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/Users");
    assertThat(d.keySchema()).containsExactly(KeySchemaElement.hash("userId"));
    assertThat(d.attributeDefinitions()).containsExactly(AttributeDefinition.s("userId"));
    assertThat(d.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(d.provisionedThroughput().readCapacityUnits()).isZero();
    assertThat(d.provisionedThroughput().writeCapacityUnits()).isZero();
    assertThat(d.creationDateTime()).isEqualTo(clock.instant());
    assertThat(d.itemCount()).isZero();
    assertThat(d.streamSpecification()).isEmpty();
    assertThat(d.latestStreamArn()).isEmpty();

    engine.putItem(
        PutItemRequest.of("Users", Item.builder().s("userId", "u1").s("name", "Ann").build()));
    assertThat(engine.getItem(GetItemRequest.of("Users", Item.key("userId", "u1"))).item())
        .hasValueSatisfying(i -> assertThat(i.get("name")).isEqualTo(s("Ann")));
  }

  @Test
  void shouldCreateHashAndRangeTableWithProvisionedThroughput() {
    engine.createTable(
        CreateTableRequest.builder("Events")
            .partitionKey("device", ScalarAttributeType.S)
            .sortKey("at", ScalarAttributeType.N)
            .provisioned(5, 10)
            .build());

    TableDescription d = engine.describeTable("Events");
    assertThat(d.keySchema())
        .containsExactly(KeySchemaElement.hash("device"), KeySchemaElement.range("at"));
    assertThat(d.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(d.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    assertThat(d.provisionedThroughput().writeCapacityUnits()).isEqualTo(10);

    engine.putItem(PutItemRequest.of("Events", Item.builder().s("device", "d").n("at", 2).build()));
    engine.putItem(
        PutItemRequest.of("Events", Item.builder().s("device", "d").n("at", 10).build()));
    PageResponse q =
        engine.query(QueryRequest.builder("Events", "device = :d").value(":d", s("d")).build());
    assertThat(q.items()).extracting(i -> i.get("at")).containsExactly(n(2), n(10));
  }

  @Test
  void shouldProjectAllKeysOnlyAndIncludeIntoGsis() {
    engine.createTable(
        CreateTableRequest.builder("Products")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("category", ScalarAttributeType.S)
            .attribute("price", ScalarAttributeType.N)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByCategoryAll",
                    Projection.all(),
                    KeySchemaElement.hash("category"),
                    KeySchemaElement.range("price")))
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByCategoryKeys",
                    Projection.keysOnly(),
                    KeySchemaElement.hash("category"),
                    KeySchemaElement.range("price")))
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByCategoryInclude",
                    Projection.include("name"),
                    KeySchemaElement.hash("category")))
            .build());
    Map<String, AttributeValue> item =
        Item.builder()
            .s("id", "p1")
            .s("category", "tools")
            .n("price", 12)
            .s("name", "Saw")
            .s("color", "red")
            .build();
    engine.putItem(PutItemRequest.of("Products", item));

    assertThat(queryCategory("ByCategoryAll").items()).containsExactly(item);
    assertThat(queryCategory("ByCategoryKeys").items())
        .containsExactly(Map.of("id", s("p1"), "category", s("tools"), "price", n(12)));
    assertThat(queryCategory("ByCategoryInclude").items())
        .containsExactly(Map.of("id", s("p1"), "category", s("tools"), "name", s("Saw")));
    assertThat(engine.describeTable("Products").globalSecondaryIndexes())
        .extracting(IndexDescription::indexName, i -> i.projection().projectionType().name())
        .containsExactlyInAnyOrder(
            Tuple.tuple("ByCategoryAll", "ALL"),
            Tuple.tuple("ByCategoryKeys", "KEYS_ONLY"),
            Tuple.tuple("ByCategoryInclude", "INCLUDE"));
  }

  private PageResponse queryCategory(String index) {
    return engine.query(
        QueryRequest.builder("Products", "category = :c")
            .index(index)
            .value(":c", s("tools"))
            .build());
  }

  @Test
  void shouldQueryMultiAttributeGsiWithAllPartitionAttributesAndSortPrefix() {
    engine.createTable(
        CreateTableRequest.builder("Matches")
            .partitionKey("matchId", ScalarAttributeType.S)
            .attribute("tournament", ScalarAttributeType.S)
            .attribute("region", ScalarAttributeType.S)
            .attribute("round", ScalarAttributeType.N)
            .attribute("bracket", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByTournamentRegion",
                    Projection.all(),
                    KeySchemaElement.hash("tournament"),
                    KeySchemaElement.hash("region"),
                    KeySchemaElement.range("round"),
                    KeySchemaElement.range("bracket")))
            .build());
    putMatch("m1", "WINTER", "EU", 1, "A");
    putMatch("m2", "WINTER", "EU", 1, "C");
    putMatch("m3", "WINTER", "EU", 2, "A");
    putMatch("m4", "WINTER", "EU", 1, "B");
    putMatch("m5", "WINTER", "US", 1, "A");
    putMatch("m6", "SUMMER", "EU", 1, "A");
    engine.putItem(
        PutItemRequest.of(
            "Matches", // no bracket: not in the index
            Item.builder()
                .s("matchId", "m7")
                .s("tournament", "WINTER")
                .s("region", "EU")
                .n("round", 1)
                .build()));

    PageResponse round1 =
        engine.query(
            QueryRequest.builder("Matches", "tournament = :t AND #r = :r AND round = :n")
                .index("ByTournamentRegion")
                .name("#r", "region")
                .value(":t", s("WINTER"))
                .value(":r", s("EU"))
                .value(":n", n(1))
                .build());
    assertThat(round1.items())
        .extracting(i -> i.get("matchId"))
        .containsExactly(s("m1"), s("m4"), s("m2"));

    PageResponse round1AfterA =
        engine.query(
            QueryRequest.builder(
                    "Matches", "tournament = :t AND #r = :r AND round = :n AND bracket > :b")
                .index("ByTournamentRegion")
                .name("#r", "region")
                .value(":t", s("WINTER"))
                .value(":r", s("EU"))
                .value(":n", n(1))
                .value(":b", s("A"))
                .build());
    assertThat(round1AfterA.items())
        .extracting(i -> i.get("matchId"))
        .containsExactly(s("m4"), s("m2"));

    PageResponse wholePartition =
        engine.query(
            QueryRequest.builder("Matches", "tournament = :t AND #r = :r")
                .index("ByTournamentRegion")
                .name("#r", "region")
                .value(":t", s("WINTER"))
                .value(":r", s("EU"))
                .scanIndexForward(false)
                .build());
    assertThat(wholePartition.items())
        .extracting(i -> i.get("matchId"))
        .containsExactly(s("m3"), s("m2"), s("m4"), s("m1"));

    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Matches", "tournament = :t")
                        .index("ByTournamentRegion")
                        .value(":t", s("WINTER"))
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "HASH key attributes region must have equality conditions specified in the query");
    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Matches", "tournament = :t AND #r = :r AND bracket = :b")
                        .index("ByTournamentRegion")
                        .name("#r", "region")
                        .value(":t", s("WINTER"))
                        .value(":r", s("EU"))
                        .value(":b", s("A"))
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "RANGE key attributes round must have equality conditions specified in the query"
                + " because a condition is present on key attribute bracket");
  }

  private void putMatch(String id, String tournament, String region, int round, String bracket) {
    engine.putItem(
        PutItemRequest.of(
            "Matches",
            Item.builder()
                .s("matchId", id)
                .s("tournament", tournament)
                .s("region", region)
                .n("round", round)
                .s("bracket", bracket)
                .build()));
  }

  @Test
  void shouldCreateLocalSecondaryIndexAndQueryIt() {
    engine.createTable(
        CreateTableRequest.builder("Threads")
            .partitionKey("forum", ScalarAttributeType.S)
            .sortKey("subject", ScalarAttributeType.S)
            .attribute("lastPost", ScalarAttributeType.S)
            .localSecondaryIndex(
                LocalSecondaryIndex.of(
                    "ByLastPost",
                    Projection.keysOnly(),
                    KeySchemaElement.hash("forum"),
                    KeySchemaElement.range("lastPost")))
            .build());
    engine.putItem(
        PutItemRequest.of(
            "Threads",
            Item.builder()
                .s("forum", "S3")
                .s("subject", "a")
                .s("lastPost", "2025-03")
                .s("body", "x")
                .build()));
    engine.putItem(
        PutItemRequest.of(
            "Threads",
            Item.builder().s("forum", "S3").s("subject", "b").s("lastPost", "2025-01").build()));
    engine.putItem(
        PutItemRequest.of("Threads", Item.builder().s("forum", "S3").s("subject", "c").build()));

    PageResponse q =
        engine.query(
            QueryRequest.builder("Threads", "forum = :f AND lastPost > :d")
                .index("ByLastPost")
                .value(":f", s("S3"))
                .value(":d", s("2025"))
                .build());
    assertThat(q.items()).extracting(i -> i.get("subject")).containsExactly(s("b"), s("a"));
    assertThat(q.items().get(1)).doesNotContainKey("body");
    TableDescription d = engine.describeTable("Threads");
    assertThat(d.localSecondaryIndexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.global()).isFalse();
              assertThat(i.keySchema())
                  .containsExactly(
                      KeySchemaElement.hash("forum"), KeySchemaElement.range("lastPost"));
              assertThat(i.itemCount()).isEqualTo(2);
              assertThat(i.indexStatus()).isEqualTo(TableStatus.ACTIVE);
            });
  }

  @ParameterizedTest
  @EnumSource(StreamViewType.class)
  void shouldCreateTableWithEachStreamViewType(StreamViewType view) {
    engine.createTable(
        CreateTableRequest.builder("Streamed").partitionKey("id", ScalarAttributeType.S).stream(
                view)
            .build());

    TableDescription d = engine.describeTable("Streamed");
    assertThat(d.streamSpecification()).contains(StreamSpecification.enabled(view));
    assertThat(d.latestStreamLabel()).contains(LABEL);
    assertThat(d.latestStreamArn())
        .contains("arn:aws:dynamodb:us-east-1:000000000000:table/Streamed/stream/" + LABEL);

    engine.putItem(PutItemRequest.of("Streamed", Item.builder().s("id", "1").n("v", 1).build()));
    List<ChangeEvent> events = engine.changeStream("Streamed").read(0, 10);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventName()).isEqualTo(EventName.INSERT);
              assertThat(e.dynamodb().streamViewType()).isEqualTo(view);
              assertThat(e.eventSourceArn()).isEqualTo(d.latestStreamArn().get());
              assertThat(e.dynamodb().newImage().isPresent()).isEqualTo(view.carriesNewImage());
            });
  }

  // ---- CreateTable validation ----------------------------------------------------------------

  @Test
  void shouldRejectKeyAttributeMissingFromAttributeDefinitions() {
    CreateTableRequest r =
        CreateTableRequest.builder("Bad")
            .keySchema(KeySchemaElement.hash("id"), KeySchemaElement.range("ts"))
            .attributeDefinitions(AttributeDefinition.s("id"))
            .build();
    assertThatThrownBy(() -> engine.createTable(r))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: Some index key attributes are not defined in"
                + " AttributeDefinitions. Keys: [ts], AttributeDefinitions: [id]");
    assertTableAbsent("Bad");
  }

  @Test
  void shouldRejectAttributeDefinitionNotUsedByAnyKey() {
    CreateTableRequest r =
        CreateTableRequest.builder("Bad")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("email", ScalarAttributeType.S)
            .build();
    assertThatThrownBy(() -> engine.createTable(r))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: Number of attributes in KeySchema does not"
                + " exactly match number of attributes defined in AttributeDefinitions");
    assertTableAbsent("Bad");
  }

  @Test
  void shouldRejectLocalSecondaryIndexOnTableWithoutRangeKey() {
    CreateTableRequest r =
        CreateTableRequest.builder("Bad")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("email", ScalarAttributeType.S)
            .localSecondaryIndex(
                LocalSecondaryIndex.of(
                    "ByEmail",
                    Projection.all(),
                    KeySchemaElement.hash("id"),
                    KeySchemaElement.range("email")))
            .build();
    assertThatThrownBy(() -> engine.createTable(r))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: Table KeySchema does not have a range key,"
                + " which is required when specifying a LocalSecondaryIndex");
    assertTableAbsent("Bad");
  }

  @Test
  void shouldRejectProvisionedBillingWithoutThroughput() {
    CreateTableRequest r =
        CreateTableRequest.builder("Bad")
            .partitionKey("id", ScalarAttributeType.S)
            .billingMode(BillingMode.PROVISIONED)
            .build();
    assertThatThrownBy(() -> engine.createTable(r))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits"
                + " must both be specified when BillingMode is PROVISIONED");
    assertTableAbsent("Bad");
  }

  @Test
  void shouldRejectPayPerRequestBillingWithThroughput() {
    CreateTableRequest r =
        CreateTableRequest.builder("Bad")
            .partitionKey("id", ScalarAttributeType.S)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .provisionedThroughput(ProvisionedThroughput.of(5, 5))
            .build();
    assertThatThrownBy(() -> engine.createTable(r))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
                + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    assertTableAbsent("Bad");
  }

  @Test
  void shouldRejectCreatingTableThatAlreadyExists() {
    engine.createTable(
        CreateTableRequest.builder("Users").partitionKey("id", ScalarAttributeType.S).build());
    engine.putItem(PutItemRequest.of("Users", Item.builder().s("id", "1").build()));

    assertThatThrownBy(
            () ->
                engine.createTable(
                    CreateTableRequest.builder("Users")
                        .partitionKey("other", ScalarAttributeType.N)
                        .build()))
        .isInstanceOf(ResourceInUseException.class)
        .hasMessage("Table already exists: Users");
    assertThat(engine.describeTable("Users").keySchema())
        .containsExactly(KeySchemaElement.hash("id"));
    assertThat(engine.describeTable("Users").itemCount()).isEqualTo(1);
  }

  private void assertTableAbsent(String name) {
    assertThatThrownBy(() -> engine.describeTable(name))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessage("Requested resource not found: Table: " + name + " not found");
    assertThat(engine.listTables().tableNames()).doesNotContain(name);
  }

  // ---- DescribeTable and ListTables ----------------------------------------------------------

  @Test
  void shouldDescribeIndexStatusItemCountsAndStream() {
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("customer", ScalarAttributeType.S)
            .sortKey("date", ScalarAttributeType.S)
            .attribute("status", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByStatus", Projection.keysOnly(), KeySchemaElement.hash("status")))
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    engine.putItem(
        PutItemRequest.of(
            "Orders", Item.builder().s("customer", "c").s("date", "1").s("status", "NEW").build()));
    engine.putItem(
        PutItemRequest.of(
            "Orders", Item.builder().s("customer", "c").s("date", "2").s("status", "NEW").build()));
    engine.putItem(
        PutItemRequest.of("Orders", Item.builder().s("customer", "c").s("date", "3").build()));

    TableDescription d = engine.describeTable("Orders");
    assertThat(d.itemCount()).isEqualTo(3);
    assertThat(d.tableSizeBytes()).isPositive();
    IndexDescription gsi = d.globalSecondaryIndexes().get(0);
    assertThat(gsi.indexStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(gsi.backfilling()).isFalse();
    assertThat(gsi.itemCount()).isEqualTo(2); // sparse: the item without status is not indexed
    assertThat(gsi.indexArn()).isEqualTo(d.tableArn() + "/index/ByStatus");
    assertThat(d.latestStreamLabel()).contains(LABEL);
    assertThat(d.latestStreamArn()).contains(d.tableArn() + "/stream/" + LABEL);
    assertThat(engine.changeStream("Orders").streamArn()).isEqualTo(d.latestStreamArn().get());

    engine.deleteItem(DeleteItemRequest.of("Orders", Item.key("customer", "c", "date", "1")));
    assertThat(engine.describeTable("Orders").itemCount()).isEqualTo(2);
    assertThat(engine.describeTable("Orders").globalSecondaryIndexes().get(0).itemCount())
        .isEqualTo(1);
  }

  @Test
  void shouldPageThroughListTables() {
    for (String name : List.of("Echo", "Alpha", "Delta", "Charlie", "Bravo")) {
      engine.createTable(
          CreateTableRequest.builder(name).partitionKey("id", ScalarAttributeType.S).build());
    }
    ListTablesResponse first = engine.listTables(Optional.empty(), OptionalInt.of(2));
    assertThat(first.tableNames()).containsExactly("Alpha", "Bravo");
    assertThat(first.lastEvaluatedTableName()).contains("Bravo");
    ListTablesResponse second =
        engine.listTables(first.lastEvaluatedTableName(), OptionalInt.of(2));
    assertThat(second.tableNames()).containsExactly("Charlie", "Delta");
    assertThat(second.lastEvaluatedTableName()).contains("Delta");
    ListTablesResponse third =
        engine.listTables(second.lastEvaluatedTableName(), OptionalInt.of(2));
    assertThat(third.tableNames()).containsExactly("Echo");
    assertThat(third.lastEvaluatedTableName()).isEmpty();
    assertThat(engine.listTables().tableNames())
        .containsExactly("Alpha", "Bravo", "Charlie", "Delta", "Echo");

    assertThatThrownBy(() -> engine.listTables(Optional.empty(), OptionalInt.of(101)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'limit' failed to satisfy constraint");
  }

  // ---- UpdateTable ---------------------------------------------------------------------------

  @Test
  void shouldBackfillNewGsiOnlineIncludingWritesMadeDuringTheBackfill() throws Exception {
    engine.createTable(
        CreateTableRequest.builder("Orders").partitionKey("id", ScalarAttributeType.S).build());
    int existing = 3000;
    for (int i = 0; i < existing; i++) {
      engine.putItem(
          PutItemRequest.of(
              "Orders",
              Item.builder()
                  .s("id", "o" + i)
                  .s("status", i % 2 == 0 ? "NEW" : "DONE")
                  .n("n", i)
                  .build()));
    }

    TableDescription updating =
        engine.updateTable(
            UpdateTableRequest.builder("Orders")
                .attributeDefinitions(AttributeDefinition.s("status"), AttributeDefinition.n("n"))
                .createIndex(
                    GlobalSecondaryIndex.of(
                        "ByStatus",
                        Projection.all(),
                        KeySchemaElement.hash("status"),
                        KeySchemaElement.range("n")))
                .build());
    assertThat(updating.tableStatus()).isEqualTo(TableStatus.UPDATING);
    assertThat(updating.globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.indexStatus()).isEqualTo(TableStatus.CREATING);
              assertThat(i.backfilling()).isTrue();
            });

    // writes while the backfill runs: new items, a changed key, a deleted item
    int writesSeenWhileCreating = 0;
    for (int i = 0; i < 200; i++) {
      engine.putItem(
          PutItemRequest.of(
              "Orders",
              Item.builder().s("id", "new" + i).s("status", "NEW").n("n", 10_000 + i).build()));
      if (indexStatus("Orders", "ByStatus") == TableStatus.CREATING) {
        writesSeenWhileCreating++;
      }
    }
    engine.updateItem(
        UpdateItemRequest.builder("Orders", Item.key("id", "o2"))
            .update("SET #s = :s")
            .name("#s", "status")
            .value(":s", s("DONE"))
            .build());
    engine.deleteItem(DeleteItemRequest.of("Orders", Item.key("id", "o4")));

    awaitIndex("Orders", "ByStatus", i -> i.indexStatus() == TableStatus.ACTIVE);
    assertThat(writesSeenWhileCreating).as("writes made while the index was CREATING").isPositive();

    List<Map<String, AttributeValue>> fresh = queryAll("Orders", "ByStatus", "NEW");
    Set<String> ids = new HashSet<>();
    fresh.forEach(i -> ids.add(((AttributeValue.S) i.get("id")).value()));
    assertThat(ids).contains("o0", "o2998", "new0", "new199").doesNotContain("o2", "o4", "o1");
    assertThat(fresh).hasSize(existing / 2 - 2 + 200);
    assertThat(queryAll("Orders", "ByStatus", "DONE")).hasSize(existing / 2 + 1);
    IndexDescription index = engine.describeTable("Orders").globalSecondaryIndexes().get(0);
    assertThat(index.backfilling()).isFalse();
    assertThat(index.itemCount()).isEqualTo(existing - 1 + 200);
  }

  @Test
  void shouldRemoveGsi() {
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("status", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByStatus", Projection.all(), KeySchemaElement.hash("status")))
            .build());
    engine.putItem(
        PutItemRequest.of("Orders", Item.builder().s("id", "1").s("status", "NEW").build()));

    TableDescription r =
        engine.updateTable(UpdateTableRequest.builder("Orders").deleteIndex("ByStatus").build());
    assertThat(r.tableStatus()).isEqualTo(TableStatus.UPDATING);
    awaitCondition(() -> engine.describeTable("Orders").globalSecondaryIndexes().isEmpty());

    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Orders", "#s = :s")
                        .index("ByStatus")
                        .name("#s", "status")
                        .value(":s", s("NEW"))
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The table does not have the specified index: ByStatus");
    assertThat(engine.describeTable("Orders").tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(engine.getItem(GetItemRequest.of("Orders", Item.key("id", "1"))).item()).isPresent();
    assertThatThrownBy(
            () ->
                engine.updateTable(
                    UpdateTableRequest.builder("Orders").deleteIndex("ByStatus").build()))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldStartNewStreamLabelWhenStreamIsReEnabled() {
    engine.createTable(
        CreateTableRequest.builder("Tab").partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.KEYS_ONLY)
            .build());
    String firstArn = engine.describeTable("Tab").latestStreamArn().orElseThrow();
    engine.putItem(PutItemRequest.of("Tab", Item.builder().s("id", "a").build()));

    assertThatThrownBy(
            () ->
                engine.updateTable(
                    UpdateTableRequest.builder("Tab").stream(
                            StreamSpecification.enabled(StreamViewType.NEW_IMAGE))
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Table already has an enabled stream: TableName: Tab");

    clock.advance(Duration.ofMinutes(5));
    engine.updateTable(
        UpdateTableRequest.builder("Tab").stream(StreamSpecification.disabled()).build());
    TableDescription disabled = engine.describeTable("Tab");
    assertThat(disabled.streamSpecification()).isEmpty();
    engine.putItem(PutItemRequest.of("Tab", Item.builder().s("id", "b").build())); // not logged

    clock.advance(Duration.ofMinutes(5));
    engine.updateTable(
        UpdateTableRequest.builder("Tab").stream(
                StreamSpecification.enabled(StreamViewType.NEW_IMAGE))
            .build());
    TableDescription d = engine.describeTable("Tab");
    assertThat(d.streamSpecification())
        .contains(StreamSpecification.enabled(StreamViewType.NEW_IMAGE));
    assertThat(d.latestStreamLabel()).contains("2025-03-01T12:10:00.000");
    assertThat(d.latestStreamArn()).isPresent().get().isNotEqualTo(firstArn);
    engine.putItem(PutItemRequest.of("Tab", Item.builder().s("id", "c").build()));

    List<ChangeEvent> events = engine.changeStream("Tab").read(0, 10);
    assertThat(events)
        .extracting(e -> e.dynamodb().keys().get("id"))
        .containsExactly(s("a"), s("c"));
    assertThat(events.get(1).dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
    assertThat(events.get(1).dynamodb().newImage()).isPresent();
  }

  @Test
  void shouldChangeBillingModeAndThroughput() {
    engine.createTable(
        CreateTableRequest.builder("Tab").partitionKey("id", ScalarAttributeType.S).build());

    engine.updateTable(
        UpdateTableRequest.builder("Tab")
            .billingMode(BillingMode.PROVISIONED)
            .provisionedThroughput(ProvisionedThroughput.of(3, 4))
            .build());
    TableDescription provisioned = engine.describeTable("Tab");
    assertThat(provisioned.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(provisioned.provisionedThroughput().readCapacityUnits()).isEqualTo(3);
    assertThat(provisioned.provisionedThroughput().writeCapacityUnits()).isEqualTo(4);

    clock.advance(Duration.ofMinutes(1));
    engine.updateTable(
        UpdateTableRequest.builder("Tab")
            .provisionedThroughput(ProvisionedThroughput.of(8, 9))
            .build());
    TableDescription raised = engine.describeTable("Tab");
    assertThat(raised.provisionedThroughput().readCapacityUnits()).isEqualTo(8);
    assertThat(raised.provisionedThroughput().writeCapacityUnits()).isEqualTo(9);
    assertThat(raised.provisionedThroughput().lastIncreaseDateTime()).contains(clock.instant());

    engine.updateTable(
        UpdateTableRequest.builder("Tab").billingMode(BillingMode.PAY_PER_REQUEST).build());
    TableDescription onDemand = engine.describeTable("Tab");
    assertThat(onDemand.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(onDemand.provisionedThroughput().readCapacityUnits()).isZero();

    assertThatThrownBy(
            () ->
                engine.updateTable(
                    UpdateTableRequest.builder("Tab").billingMode(BillingMode.PROVISIONED).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits"
                + " must both be specified when BillingMode is PROVISIONED");
    assertThat(engine.describeTable("Tab").billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  // ---- DeleteTable ---------------------------------------------------------------------------

  @Test
  void shouldDeleteTableAndThenReportItNotFound() {
    engine.createTable(
        CreateTableRequest.builder("Gone").partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.NEW_IMAGE)
            .build());
    engine.putItem(PutItemRequest.of("Gone", Item.builder().s("id", "1").build()));

    TableDescription deleting = engine.deleteTable("Gone");
    assertThat(deleting.tableStatus()).isEqualTo(TableStatus.DELETING);
    assertThat(deleting.tableName()).isEqualTo("Gone");

    assertTableAbsent("Gone");
    assertThatThrownBy(
            () -> engine.putItem(PutItemRequest.of("Gone", Item.builder().s("id", "2").build())))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageStartingWith("Requested resource not found");
    assertThatThrownBy(() -> engine.getItem(GetItemRequest.of("Gone", Item.key("id", "1"))))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> engine.deleteTable("Gone"))
        .isInstanceOf(ResourceNotFoundException.class);

    engine.createTable(
        CreateTableRequest.builder("Gone").partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.NEW_IMAGE)
            .build());
    assertThat(engine.scan(ScanRequest.of("Gone")).items()).isEmpty();
    assertThat(engine.describeTable("Gone").itemCount()).isZero();
    assertThat(engine.changeStream("Gone").read(0, 10)).isEmpty();
  }

  // ---- persistence ---------------------------------------------------------------------------

  @Test
  void shouldKeepTablesItemsIndexesChangeLogsAndSequencesAcrossReopen() {
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("status", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                        "ByStatus", Projection.all(), KeySchemaElement.hash("status"))
                    .withProvisionedThroughput(ProvisionedThroughput.of(5, 5)))
            .provisioned(5, 5)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    engine.putItem(
        PutItemRequest.of("Orders", Item.builder().s("id", "1").s("status", "NEW").build()));
    engine.putItem(
        PutItemRequest.of("Orders", Item.builder().s("id", "2").s("status", "NEW").build()));
    engine.updateItem(
        UpdateItemRequest.builder("Orders", Item.key("id", "1"))
            .update("SET #s = :s")
            .name("#s", "status")
            .value(":s", s("DONE"))
            .build());
    engine.updateTimeToLive("Orders", true, "expiresAt");
    TableDescription before = engine.describeTable("Orders");
    List<ChangeEvent> eventsBefore = engine.changeStream("Orders").read(0, 100);
    long lastBefore = engine.changeStream("Orders").latestSequence();
    assertThat(eventsBefore).hasSize(3);

    engine.close();
    engine = openEngine();

    TableDescription after = engine.describeTable("Orders");
    assertThat(after.tableArn()).isEqualTo(before.tableArn());
    assertThat(after.keySchema()).isEqualTo(before.keySchema());
    assertThat(after.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(after.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
    assertThat(after.itemCount()).isEqualTo(2);
    assertThat(after.latestStreamArn()).isEqualTo(before.latestStreamArn());
    assertThat(after.globalSecondaryIndexes())
        .singleElement()
        .satisfies(i -> assertThat(i.indexStatus()).isEqualTo(TableStatus.ACTIVE));
    assertThat(engine.describeTimeToLive("Orders").attributeName()).contains("expiresAt");
    assertThat(engine.getItem(GetItemRequest.of("Orders", Item.key("id", "1"))).item())
        .hasValueSatisfying(i -> assertThat(i.get("status")).isEqualTo(s("DONE")));
    assertThat(queryAll("Orders", "ByStatus", "NEW"))
        .extracting(i -> i.get("id"))
        .containsExactly(s("2"));

    ChangeStream stream = engine.changeStream("Orders");
    assertThat(stream.read(0, 100)).isEqualTo(eventsBefore);
    assertThat(stream.latestSequence()).isEqualTo(lastBefore);
    engine.deleteItem(DeleteItemRequest.of("Orders", Item.key("id", "2")));
    List<ChangeEvent> next = stream.read(lastBefore, 10);
    assertThat(next)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.eventName()).isEqualTo(EventName.REMOVE);
              assertThat(ChangeStream.sequenceOf(e)).isEqualTo(lastBefore + 1);
            });
  }

  @Test
  void shouldNotReuseSequenceNumbersAfterTrimmingTheWholeLogAndReopening() {
    engine.createTable(
        CreateTableRequest.builder("Tab").partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.KEYS_ONLY)
            .build());
    engine.putItem(PutItemRequest.of("Tab", Item.builder().s("id", "a").build()));
    engine.putItem(PutItemRequest.of("Tab", Item.builder().s("id", "b").build()));
    long last = engine.changeStream("Tab").latestSequence();
    String lastEventId = engine.changeStream("Tab").read(0, 10).get(1).eventId();
    clock.advance(Duration.ofDays(2));
    assertThat(engine.trimChangeLogs(Duration.ofDays(1))).isEqualTo(2);
    assertThat(engine.changeStream("Tab").oldestSequence()).isEmpty();

    engine.close();
    engine = openEngine();

    assertThat(engine.changeStream("Tab").latestSequence()).isEqualTo(last);
    engine.putItem(PutItemRequest.of("Tab", Item.builder().s("id", "c").build()));
    List<ChangeEvent> events = engine.changeStream("Tab").read(last, 10);
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(ChangeStream.sequenceOf(e)).isEqualTo(last + 1);
              assertThat(e.eventId()).isNotEqualTo(lastEventId);
            });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private List<Map<String, AttributeValue>> queryAll(String table, String index, String status) {
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    Optional<Map<String, AttributeValue>> start = Optional.empty();
    do {
      QueryRequest.Builder b =
          QueryRequest.builder(table, "#s = :s")
              .index(index)
              .name("#s", "status")
              .value(":s", s(status));
      start.ifPresent(b::exclusiveStartKey);
      PageResponse page = engine.query(b.build());
      out.addAll(page.items());
      start = page.lastEvaluatedKey();
    } while (start.isPresent());
    return out;
  }

  private TableStatus indexStatus(String table, String index) {
    return engine.describeTable(table).globalSecondaryIndexes().stream()
        .filter(i -> i.indexName().equals(index))
        .findFirst()
        .orElseThrow()
        .indexStatus();
  }

  private void awaitIndex(String table, String index, Predicate<IndexDescription> done) {
    awaitCondition(
        () ->
            engine.describeTable(table).globalSecondaryIndexes().stream()
                .anyMatch(i -> i.indexName().equals(index) && done.test(i)));
  }

  private static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}

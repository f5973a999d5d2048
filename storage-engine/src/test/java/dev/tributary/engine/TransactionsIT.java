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
import dev.tributary.engine.model.BatchGetItemResponse;
import dev.tributary.engine.model.BatchWriteItemResponse;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.KeysAndAttributes;
import dev.tributary.engine.model.LocalSecondaryIndex;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TransactGet;
import dev.tributary.engine.model.TransactGetItemsResponse;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.WriteRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TransactWriteItems, TransactGetItems, BatchWriteItem and BatchGetItem. */
class TransactionsIT {
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
    engine.createTable(
        CreateTableRequest.builder("Accounts").partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    engine.createTable(
        CreateTableRequest.builder("Ledger").partitionKey("entry", ScalarAttributeType.S).stream(
                StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    put("Accounts", Item.builder().s("id", "alice").n("balance", 100).build());
    put("Accounts", Item.builder().s("id", "bob").n("balance", 50).build());
    put("Accounts", Item.builder().s("id", "closed").s("state", "CLOSED").build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void put(String table, Map<String, AttributeValue> item) {
    engine.putItem(PutItemRequest.of(table, item));
  }

  private Optional<Map<String, AttributeValue>> get(String table, String keyName, String key) {
    return engine.getItem(GetItemRequest.of(table, Item.key(keyName, key)).consistent()).item();
  }

  private static ExpressionParameters values(Object... pairs) {
    ExpressionParameters p = ExpressionParameters.NONE;
    for (int i = 0; i < pairs.length; i += 2) {
      p = p.withValue((String) pairs[i], (AttributeValue) pairs[i + 1]);
    }
    return p;
  }

  private TransactWriteItemsRequest transfer(int amount, String entry) {
    return TransactWriteItemsRequest.of(
        TransactWriteItem.update(
            "Accounts",
            Item.key("id", "alice"),
            "SET balance = balance - :a",
            "balance >= :a",
            values(":a", n(amount))),
        TransactWriteItem.update(
            "Accounts",
            Item.key("id", "bob"),
            "SET balance = balance + :a",
            values(":a", n(amount))),
        TransactWriteItem.put(
            "Ledger",
            Item.builder().s("entry", entry).n("amount", amount).build(),
            "attribute_not_exists(entry)",
            ExpressionParameters.NONE));
  }

  private long latest(String table) {
    return engine.changeStream(table).latestSequence();
  }

  // ---- TransactWriteItems --------------------------------------------------------------------

  @Test
  void shouldApplyPutUpdateDeleteAndConditionCheckTogether() {
    put("Ledger", Item.builder().s("entry", "old").build());
    long accounts = latest("Accounts");
    engine.transactWriteItems(
        TransactWriteItemsRequest.of(
            TransactWriteItem.put(
                "Ledger", Item.builder().s("entry", "e1").n("amount", 10).build()),
            TransactWriteItem.update(
                "Accounts",
                Item.key("id", "alice"),
                "SET balance = balance - :a",
                values(":a", n(10))),
            TransactWriteItem.delete("Ledger", Item.key("entry", "old")),
            TransactWriteItem.conditionCheck(
                "Accounts", Item.key("id", "bob"), "balance >= :zero", values(":zero", n(0)))));

    assertThat(get("Ledger", "entry", "e1")).isPresent();
    assertThat(get("Ledger", "entry", "old")).isEmpty();
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(90));
    assertThat(get("Accounts", "id", "bob").orElseThrow()).containsEntry("balance", n(50));
    List<ChangeEvent> accountEvents = engine.changeStream("Accounts").read(accounts, 10);
    assertThat(accountEvents)
        .singleElement()
        .satisfies(e -> assertThat(e.eventName()).isEqualTo(EventName.MODIFY));
    assertThat(engine.changeStream("Ledger").read(1, 10))
        .extracting(ChangeEvent::eventName)
        .containsExactlyInAnyOrder(EventName.INSERT, EventName.REMOVE);
  }

  @Test
  void shouldApplyNothingWhenOneConditionFails() {
    long accounts = latest("Accounts");
    long ledger = latest("Ledger");
    assertThatThrownBy(() -> engine.transactWriteItems(transfer(150, "e1")))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Transaction cancelled, please refer cancellation reasons for"
                          + " specific reasons [ConditionalCheckFailed, None, None]");
              assertThat(e.reasons())
                  .extracting(CancellationReason::code)
                  .containsExactly("ConditionalCheckFailed", "None", "None");
              assertThat(e.reasons().get(0).message()).contains("The conditional request failed");
              assertThat(e.reasons().get(0).item()).isEmpty();
              assertThat(e.reasons().get(1).message()).isEmpty();
            });

    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(100));
    assertThat(get("Accounts", "id", "bob").orElseThrow()).containsEntry("balance", n(50));
    assertThat(get("Ledger", "entry", "e1")).isEmpty();
    assertThat(latest("Accounts")).isEqualTo(accounts);
    assertThat(latest("Ledger")).isEqualTo(ledger);

    engine.transactWriteItems(transfer(30, "e1"));
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(70));
    assertThat(get("Accounts", "id", "bob").orElseThrow()).containsEntry("balance", n(80));
  }

  @Test
  void shouldReportEachFailedActionAndItsOldItemWhenAsked() {
    Map<String, AttributeValue> closed = get("Accounts", "id", "closed").orElseThrow();
    TransactWriteItemsRequest r =
        TransactWriteItemsRequest.of(
            TransactWriteItem.update(
                "Accounts", Item.key("id", "alice"), "SET balance = :z", values(":z", n(0))),
            new TransactWriteItem.ConditionCheck(
                "Accounts",
                Item.key("id", "closed"),
                Optional.of("#st = :open"),
                ExpressionParameters.NONE.withName("#st", "state").withValue(":open", s("OPEN")),
                true),
            new TransactWriteItem.Delete(
                "Accounts",
                Item.key("id", "bob"),
                Optional.of("balance > :b"),
                values(":b", n(1000)),
                false),
            new TransactWriteItem.Put(
                "Ledger",
                Item.builder().s("entry", "x").build(),
                Optional.of("attribute_exists(entry)"),
                ExpressionParameters.NONE,
                true));

    assertThatThrownBy(() -> engine.transactWriteItems(r))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.reasons())
                  .extracting(CancellationReason::code)
                  .containsExactly(
                      "None",
                      "ConditionalCheckFailed",
                      "ConditionalCheckFailed",
                      "ConditionalCheckFailed");
              assertThat(e.reasons().get(1).item()).contains(closed);
              assertThat(e.reasons().get(2).item()).isEmpty(); // not asked for
              assertThat(e.reasons().get(3).item()).isEmpty(); // asked for, but there is no item
            });
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(100));
  }

  @Test
  void shouldCancelWithValidationErrorWhenAnUpdateWouldGrowAnItemPast400Kb() {
    put("Accounts", Item.builder().s("id", "fat").s("blob", "x".repeat(300 * 1024)).build());
    long accounts = latest("Accounts");
    long ledger = latest("Ledger");
    assertThatThrownBy(
            () ->
                engine.transactWriteItems(
                    TransactWriteItemsRequest.of(
                        TransactWriteItem.put("Ledger", Item.builder().s("entry", "e1").build()),
                        TransactWriteItem.update(
                            "Accounts",
                            Item.key("id", "fat"),
                            "SET more = :m",
                            values(":m", s("y".repeat(200 * 1024)))))))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.reasons())
                  .extracting(CancellationReason::code)
                  .containsExactly("None", "ValidationError");
              assertThat(e.reasons().get(1).message())
                  .contains("Item size has exceeded the maximum allowed size");
              assertThat(e.getMessage()).endsWith("[None, ValidationError]");
            });
    assertThat(get("Ledger", "entry", "e1")).isEmpty();
    assertThat(get("Accounts", "id", "fat").orElseThrow()).doesNotContainKey("more");
    assertThat(latest("Accounts")).isEqualTo(accounts);
    assertThat(latest("Ledger")).isEqualTo(ledger);
  }

  @Test
  void shouldRejectTwoActionsOnOneItem() {
    long accounts = latest("Accounts");
    assertThatThrownBy(
            () ->
                engine.transactWriteItems(
                    TransactWriteItemsRequest.of(
                        TransactWriteItem.update(
                            "Accounts",
                            Item.key("id", "alice"),
                            "SET balance = :z",
                            values(":z", n(0))),
                        TransactWriteItem.conditionCheck(
                            "Accounts",
                            Item.key("id", "alice"),
                            "attribute_exists(id)",
                            ExpressionParameters.NONE))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Transaction request cannot include multiple operations on one item");
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(100));
    assertThat(latest("Accounts")).isEqualTo(accounts);
  }

  @Test
  void shouldApplyARequestTokenOnlyOnceWithinTenMinutes() {
    TransactWriteItemsRequest first = transfer(10, "e1").withClientRequestToken("token-1");
    engine.transactWriteItems(first);
    long accounts = latest("Accounts");
    long ledger = latest("Ledger");

    clock.advance(Duration.ofMinutes(9));
    engine.transactWriteItems(
        transfer(10, "e1").withClientRequestToken("token-1")); // same request again
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(90));
    assertThat(get("Accounts", "id", "bob").orElseThrow()).containsEntry("balance", n(60));
    assertThat(latest("Accounts")).isEqualTo(accounts);
    assertThat(latest("Ledger")).isEqualTo(ledger);

    assertThatThrownBy(
            () -> engine.transactWriteItems(transfer(20, "e2").withClientRequestToken("token-1")))
        .isInstanceOf(IdempotentParameterMismatchException.class)
        .hasMessage(
            "The request uses the same client token as a previous, but non-identical request.");
    assertThat(get("Ledger", "entry", "e2")).isEmpty();
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(90));

    clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // the token is forgotten after 10 minutes
    engine.transactWriteItems(transfer(20, "e2").withClientRequestToken("token-1"));
    assertThat(get("Accounts", "id", "alice").orElseThrow()).containsEntry("balance", n(70));
    assertThat(get("Ledger", "entry", "e2")).isPresent();
    assertThat(latest("Accounts")).isEqualTo(accounts + 2);
  }

  @Test
  void shouldApplyTheSameRequestAgainOnceItsTokenExpired() {
    TransactWriteItemsRequest bump =
        TransactWriteItemsRequest.of(
                TransactWriteItem.update(
                    "Accounts", Item.key("id", "bob"), "ADD balance :one", values(":one", n(1))))
            .withClientRequestToken("bump");
    engine.transactWriteItems(bump);
    engine.transactWriteItems(bump);
    assertThat(get("Accounts", "id", "bob").orElseThrow()).containsEntry("balance", n(51));
    clock.advance(Duration.ofMinutes(11));
    engine.transactWriteItems(bump);
    assertThat(get("Accounts", "id", "bob").orElseThrow()).containsEntry("balance", n(52));
  }

  // ---- TransactGetItems ----------------------------------------------------------------------

  @Test
  void shouldGetItemsTransactionallyInRequestOrder() {
    TransactGetItemsResponse r =
        engine.transactGetItems(
            List.of(
                TransactGet.of("Accounts", Item.key("id", "bob")),
                TransactGet.of("Ledger", Item.key("entry", "missing")),
                new TransactGet(
                    "Accounts", Item.key("id", "alice"), Optional.of("balance"), Map.of())));
    assertThat(r.responses()).hasSize(3);
    assertThat(r.responses().get(0)).contains(Map.of("id", s("bob"), "balance", n(50)));
    assertThat(r.responses().get(1)).isEmpty();
    assertThat(r.responses().get(2)).contains(Map.of("balance", n(100)));

    assertThatThrownBy(
            () ->
                engine.transactGetItems(
                    List.of(
                        TransactGet.of("Accounts", Item.key("id", "bob")),
                        TransactGet.of("Accounts", Item.key("id", "bob")))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Transaction request cannot include multiple operations on one item");
  }

  // ---- BatchWriteItem / BatchGetItem ---------------------------------------------------------

  @Test
  void shouldWriteAndGetInBatchesAcrossTables() {
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      writes.add(
          WriteRequest.put("Ledger", Item.builder().s("entry", "e" + i).n("amount", i).build()));
    }
    writes.add(WriteRequest.delete("Accounts", Item.key("id", "closed")));
    BatchWriteItemResponse w = engine.batchWriteItem(writes);
    assertThat(w.unprocessedItems()).isEmpty();
    assertThat(engine.describeTable("Ledger").itemCount()).isEqualTo(24);
    assertThat(get("Accounts", "id", "closed")).isEmpty();

    Map<String, KeysAndAttributes> gets = new LinkedHashMap<>();
    gets.put(
        "Ledger",
        new KeysAndAttributes(
            List.of(Item.key("entry", "e3"), Item.key("entry", "e7"), Item.key("entry", "nope")),
            Optional.of("#a"),
            Map.of("#a", "amount"),
            true));
    gets.put("Accounts", KeysAndAttributes.of(List.of(Item.key("id", "alice"))));
    BatchGetItemResponse g = engine.batchGetItem(gets);
    assertThat(g.unprocessedKeys()).isEmpty();
    assertThat(g.responses().get("Ledger"))
        .containsExactlyInAnyOrder(Map.of("amount", n(3)), Map.of("amount", n(7)));
    assertThat(g.responses().get("Accounts"))
        .containsExactly(Map.of("id", s("alice"), "balance", n(100)));
  }

  @Test
  void shouldRejectInvalidBatches() {
    List<WriteRequest> tooMany = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      tooMany.add(WriteRequest.put("Ledger", Item.builder().s("entry", "e" + i).build()));
    }
    assertThatThrownBy(() -> engine.batchWriteItem(tooMany))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Member must have length less than or equal to 25");
    assertThatThrownBy(
            () ->
                engine.batchWriteItem(
                    List.of(
                        WriteRequest.put("Ledger", Item.builder().s("entry", "same").build()),
                        WriteRequest.delete("Ledger", Item.key("entry", "same")))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Provided list of item keys contains duplicates");
    assertThatThrownBy(
            () ->
                engine.batchGetItem(
                    Map.of(
                        "Ledger",
                        KeysAndAttributes.of(
                            List.of(Item.key("entry", "a"), Item.key("entry", "a"))))))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Provided list of item keys contains duplicates");
    assertThat(engine.describeTable("Ledger").itemCount()).isZero();
  }

  @Test
  void shouldReturnUnprocessedWritesWhenProvisionedCapacityRunsOut() {
    engine.createTable(
        CreateTableRequest.builder("Slow")
            .partitionKey("id", ScalarAttributeType.S)
            .provisioned(1, 1)
            .build());
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      writes.add(WriteRequest.put("Slow", Item.builder().s("id", "i" + i).build()));
    }

    BatchWriteItemResponse first = engine.batchWriteItem(writes);
    assertThat(first.unprocessedItems()).hasSize(4).isSubsetOf(writes);
    assertThat(engine.describeTable("Slow").itemCount()).isEqualTo(1);

    assertThatThrownBy(() -> engine.batchWriteItem(first.unprocessedItems()))
        .isInstanceOf(ProvisionedThroughputExceededException.class);

    clock.advance(Duration.ofSeconds(2));
    BatchWriteItemResponse second = engine.batchWriteItem(first.unprocessedItems());
    assertThat(second.unprocessedItems()).hasSize(2);

    clock.advance(Duration.ofSeconds(10));
    assertThat(engine.batchWriteItem(second.unprocessedItems()).unprocessedItems()).isEmpty();
    assertThat(engine.describeTable("Slow").itemCount()).isEqualTo(5);
  }

  @Test
  void shouldReturnUnprocessedKeysWhenProvisionedReadCapacityRunsOut() {
    engine.createTable(
        CreateTableRequest.builder("Slow")
            .partitionKey("id", ScalarAttributeType.S)
            .provisioned(1, 100)
            .build());
    List<Map<String, AttributeValue>> keys = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      put("Slow", Item.builder().s("id", "i" + i).build());
      keys.add(Item.key("id", "i" + i));
    }
    KeysAndAttributes request = new KeysAndAttributes(keys, Optional.of("id"), Map.of(), false);

    BatchGetItemResponse first = engine.batchGetItem(Map.of("Slow", request));
    assertThat(first.responses().get("Slow"))
        .hasSize(2); // two eventually consistent reads of 0.5 unit
    KeysAndAttributes left = first.unprocessedKeys().get("Slow");
    assertThat(left.keys()).hasSize(4);
    assertThat(left.projectionExpression()).contains("id");

    clock.advance(Duration.ofSeconds(5));
    BatchGetItemResponse second = engine.batchGetItem(Map.of("Slow", left));
    assertThat(second.unprocessedKeys()).isEmpty();
    List<Map<String, AttributeValue>> all = new ArrayList<>(first.responses().get("Slow"));
    all.addAll(second.responses().get("Slow"));
    assertThat(all).containsExactlyInAnyOrderElementsOf(keys);
  }

  // ---- consumed capacity ---------------------------------------------------------------------

  /** An item of exactly {@code bytes} bytes as DynamoDB sizes it, in both indexes of "Indexed". */
  private static Map<String, AttributeValue> sized(String id, int bytes) {
    Map<String, AttributeValue> base =
        Item.builder().s("id", id).s("sk", "1").s("g", "x").s("l", "y").s("data", "").build();
    Map<String, AttributeValue> item =
        Item.builder()
            .s("id", id)
            .s("sk", "1")
            .s("g", "x")
            .s("l", "y")
            .s("data", "x".repeat((int) (bytes - ItemSizes.itemSize(base))))
            .build();
    assertThat(ItemSizes.itemSize(item)).isEqualTo(bytes);
    return item;
  }

  private void createIndexed() {
    engine.createTable(
        CreateTableRequest.builder("Indexed")
            .partitionKey("id", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.S)
            .attribute("g", ScalarAttributeType.S)
            .attribute("l", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of("ByG", Projection.all(), KeySchemaElement.hash("g")))
            .localSecondaryIndex(
                LocalSecondaryIndex.of(
                    "ByL",
                    Projection.all(),
                    KeySchemaElement.hash("id"),
                    KeySchemaElement.range("l")))
            .build());
  }

  @Test
  void shouldChargeTransactionalWritesToEveryIndexTheyChange() {
    createIndexed();
    // a 1.5 KB item: 2 KB, twice for a transaction, on the table, the GSI and the LSI
    ConsumedCapacity cc =
        engine
            .transactWriteItems(
                TransactWriteItemsRequest.of(TransactWriteItem.put("Indexed", sized("a", 1536)))
                    .withReturnConsumedCapacity(ReturnConsumedCapacity.INDEXES))
            .consumedCapacity()
            .get(0);
    assertThat(cc.tableName()).isEqualTo("Indexed");
    assertThat(cc.capacityUnits()).isEqualTo(12.0);
    assertThat(cc.writeCapacityUnits()).isEqualTo(12.0);
    assertThat(cc.table().orElseThrow().writeCapacityUnits()).isEqualTo(4.0);
    assertThat(cc.globalSecondaryIndexes().get("ByG").writeCapacityUnits()).isEqualTo(4.0);
    assertThat(cc.localSecondaryIndexes().get("ByL").writeCapacityUnits()).isEqualTo(4.0);

    // an update that moves the item in the GSI and rewrites its LSI entry in place
    ConsumedCapacity total =
        engine
            .transactWriteItems(
                TransactWriteItemsRequest.of(
                        TransactWriteItem.update(
                            "Indexed",
                            Map.of("id", s("a"), "sk", s("1")),
                            "SET g = :g",
                            values(":g", s("z"))),
                        TransactWriteItem.put("Ledger", Item.builder().s("entry", "e").build()))
                    .withReturnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
            .consumedCapacity()
            .stream()
            .filter(c -> c.tableName().equals("Indexed"))
            .findFirst()
            .orElseThrow();
    // table 4; GSI key moved: delete plus put of a 1.5 KB entry, 8; LSI rewritten in place, 4
    assertThat(total.capacityUnits()).isEqualTo(16.0);
    assertThat(total.table()).isEmpty();
  }

  @Test
  void shouldReportReadsNotWritesForARepeatedClientRequestToken() {
    createIndexed();
    TransactWriteItemsRequest r =
        TransactWriteItemsRequest.of(TransactWriteItem.put("Indexed", sized("a", 5000)))
            .withClientRequestToken("once")
            .withReturnConsumedCapacity(ReturnConsumedCapacity.INDEXES);
    assertThat(engine.transactWriteItems(r).consumedCapacity().get(0).writeCapacityUnits())
        .isEqualTo(30.0);

    ConsumedCapacity again = engine.transactWriteItems(r).consumedCapacity().get(0);
    // nothing written again: the read of the 5000-byte item, two 4 KB blocks, transactional
    assertThat(again.writeCapacityUnits()).isZero();
    assertThat(again.readCapacityUnits()).isEqualTo(4.0);
    assertThat(again.capacityUnits()).isEqualTo(4.0);
    assertThat(again.table().orElseThrow().readCapacityUnits()).isEqualTo(4.0);
    assertThat(again.globalSecondaryIndexes()).isEmpty();
    assertThat(again.localSecondaryIndexes()).isEmpty();
  }

  @Test
  void shouldNotChargeWriteCapacityAgainForARepeatedClientRequestToken() {
    engine.createTable(
        CreateTableRequest.builder("Tight")
            .partitionKey("id", ScalarAttributeType.S)
            .provisioned(100, 2)
            .build());
    TransactWriteItemsRequest r =
        TransactWriteItemsRequest.of(
                TransactWriteItem.put("Tight", Item.builder().s("id", "a").build()))
            .withClientRequestToken("t");
    engine.transactWriteItems(r); // 2 WCU: the second's credit is spent
    engine.transactWriteItems(r);
    engine.transactWriteItems(r);
    clock.advance(Duration.ofSeconds(1));
    // one second refills 2 units; had the repeats been charged as writes, the table would still be
    // in debt
    put("Tight", Item.builder().s("id", "b").build());
    assertThat(engine.describeTable("Tight").itemCount()).isEqualTo(2);
  }

  @Test
  void shouldChargeTransactionalWritesToAProvisionedGsi() {
    engine.createTable(
        CreateTableRequest.builder("Narrow")
            .partitionKey("id", ScalarAttributeType.S)
            .attribute("g", ScalarAttributeType.S)
            .provisioned(100, 100)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of("ByG", Projection.keysOnly(), KeySchemaElement.hash("g"))
                    .withProvisionedThroughput(ProvisionedThroughput.of(1, 2)))
            .build());
    engine.transactWriteItems(
        TransactWriteItemsRequest.of(
            TransactWriteItem.put("Narrow", Item.builder().s("id", "1").s("g", "a").build())));
    assertThatThrownBy(() -> put("Narrow", Item.builder().s("id", "2").s("g", "a").build()))
        .isInstanceOf(ProvisionedThroughputExceededException.class)
        .hasMessageContaining("one or more global secondary indexes");
  }
}

package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Item;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.LocalSecondaryIndex;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.Select;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every snippet of the serverless-databases chapter this project follows, translated to the Java
 * API, with its results checked.
 */
class ChapterSnippetsIT {
  @TempDir Path dir;
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void usersPutGetQueryScan() {
    engine.createTable(
        CreateTableRequest.builder("Users").partitionKey("userId", ScalarAttributeType.S).build());
    engine.putItem(
        PutItemRequest.of(
            "Users", Item.builder().s("userId", "123").s("name", "Alice").n("age", 30).build()));
    engine.putItem(
        PutItemRequest.of(
            "Users", Item.builder().s("userId", "456").s("name", "Bob").n("age", 17).build()));

    assertThat(engine.getItem(GetItemRequest.of("Users", Item.key("userId", "123"))).item())
        .hasValueSatisfying(i -> assertThat(i.get("name")).isEqualTo(s("Alice")));
    PageResponse q =
        engine.query(
            QueryRequest.builder("Users", "#k = :v")
                .name("#k", "userId")
                .value(":v", s("123"))
                .build());
    assertThat(q.items()).hasSize(1);
    PageResponse scan =
        engine.scan(
            ScanRequest.builder("Users")
                .filter("#a > :a")
                .name("#a", "age")
                .value(":a", n(18))
                .build());
    assertThat(scan.items()).extracting(i -> i.get("name")).containsExactly(s("Alice"));
    assertThat(scan.scannedCount()).isEqualTo(2);
    assertThat(scan.count()).isEqualTo(1);
  }

  private void createOrders() {
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S)
            .attribute("status", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "OrderStatusIndex",
                    Projection.all(),
                    KeySchemaElement.hash("status"),
                    KeySchemaElement.range("orderDate")))
            .build());
  }

  private static Map<String, AttributeValue> order(
      String customer, String date, String status, String total) {
    return Item.builder()
        .s("customerId", customer)
        .s("orderDate", date)
        .s("orderId", "ORD-" + date.substring(8, 10))
        .s("status", status)
        .n("total", total)
        .l(
            "items",
            List.of(
                m(Map.of("sku", s("PROD-A"), "quantity", n(2), "price", n("99.99"))),
                m(Map.of("sku", s("PROD-B"), "quantity", n(1), "price", n("100.01")))))
        .build();
  }

  @Test
  void ordersCompositeKeyAndDateRange() {
    createOrders();
    engine.putItem(
        PutItemRequest.of(
            "Orders", order("CUST-123", "2025-01-15T10:30:00Z", "PENDING", "299.99")));
    engine.putItem(
        PutItemRequest.of("Orders", order("CUST-123", "2025-02-03T09:00:00Z", "SHIPPED", "10")));
    engine.putItem(
        PutItemRequest.of("Orders", order("CUST-123", "2024-12-31T23:59:59Z", "PENDING", "5.5")));
    engine.putItem(
        PutItemRequest.of("Orders", order("CUST-999", "2025-01-20T00:00:00Z", "PENDING", "1")));

    PageResponse all =
        engine.query(
            QueryRequest.builder("Orders", "customerId = :c").value(":c", s("CUST-123")).build());
    assertThat(all.items())
        .extracting(i -> i.get("orderDate"))
        .containsExactly(
            s("2024-12-31T23:59:59Z"), s("2025-01-15T10:30:00Z"), s("2025-02-03T09:00:00Z"));
    assertThat(all.items().get(1).get("total")).isEqualTo(n("299.99"));

    PageResponse january =
        engine.query(
            QueryRequest.builder("Orders", "customerId = :c AND orderDate BETWEEN :a AND :b")
                .value(":c", s("CUST-123"))
                .value(":a", s("2025-01-01"))
                .value(":b", s("2025-01-31"))
                .build());
    assertThat(january.items()).extracting(i -> i.get("orderId")).containsExactly(s("ORD-15"));

    PageResponse descending =
        engine.query(
            QueryRequest.builder("Orders", "customerId = :c")
                .value(":c", s("CUST-123"))
                .scanIndexForward(false)
                .limit(2)
                .build());
    assertThat(descending.items())
        .extracting(i -> i.get("orderDate"))
        .containsExactly(s("2025-02-03T09:00:00Z"), s("2025-01-15T10:30:00Z"));
    assertThat(descending.lastEvaluatedKey()).isPresent();
    PageResponse rest =
        engine.query(
            QueryRequest.builder("Orders", "customerId = :c")
                .value(":c", s("CUST-123"))
                .scanIndexForward(false)
                .exclusiveStartKey(descending.lastEvaluatedKey().get())
                .build());
    assertThat(rest.items())
        .extracting(i -> i.get("orderDate"))
        .containsExactly(s("2024-12-31T23:59:59Z"));
    assertThat(rest.lastEvaluatedKey()).isEmpty();
  }

  @Test
  void orderStatusIndexGsi() {
    createOrders();
    engine.putItem(
        PutItemRequest.of("Orders", order("CUST-1", "2025-01-15T10:30:00Z", "PENDING", "1")));
    engine.putItem(
        PutItemRequest.of("Orders", order("CUST-2", "2024-11-01T00:00:00Z", "PENDING", "2")));
    engine.putItem(
        PutItemRequest.of("Orders", order("CUST-3", "2025-03-01T00:00:00Z", "SHIPPED", "3")));

    PageResponse pending =
        engine.query(
            QueryRequest.builder("Orders", "#s = :s")
                .index("OrderStatusIndex")
                .name("#s", "status")
                .value(":s", s("PENDING"))
                .build());
    assertThat(pending.items())
        .extracting(i -> i.get("customerId"))
        .containsExactly(s("CUST-2"), s("CUST-1"));

    PageResponse recent =
        engine.query(
            QueryRequest.builder("Orders", "#s = :s AND orderDate > :d")
                .index("OrderStatusIndex")
                .name("#s", "status")
                .value(":s", s("PENDING"))
                .value(":d", s("2025-01-01"))
                .build());
    assertThat(recent.items()).extracting(i -> i.get("customerId")).containsExactly(s("CUST-1"));

    // an item changing status moves between index partitions
    engine.updateItem(
        UpdateItemRequest.builder(
                "Orders", Item.key("customerId", "CUST-1", "orderDate", "2025-01-15T10:30:00Z"))
            .update("SET #s = :s")
            .name("#s", "status")
            .value(":s", s("SHIPPED"))
            .build());
    assertThat(
            engine
                .query(
                    QueryRequest.builder("Orders", "#s = :s")
                        .index("OrderStatusIndex")
                        .name("#s", "status")
                        .value(":s", s("SHIPPED"))
                        .build())
                .count())
        .isEqualTo(2);
    assertThat(engine.describeTable("Orders").globalSecondaryIndexes().get(0).itemCount())
        .isEqualTo(3);
  }

  @Test
  void emailIndexLsi() {
    engine.createTable(
        CreateTableRequest.builder("Users")
            .partitionKey("userId", ScalarAttributeType.S)
            .sortKey("registrationDate", ScalarAttributeType.S)
            .attribute("email", ScalarAttributeType.S)
            .localSecondaryIndex(
                LocalSecondaryIndex.of(
                    "EmailIndex",
                    Projection.keysOnly(),
                    KeySchemaElement.hash("userId"),
                    KeySchemaElement.range("email")))
            .build());
    engine.putItem(
        PutItemRequest.of(
            "Users",
            Item.builder()
                .s("userId", "USER-123")
                .s("registrationDate", "2025-01-02")
                .s("email", "zed@example.com")
                .s("name", "Zed")
                .build()));
    engine.putItem(
        PutItemRequest.of(
            "Users",
            Item.builder()
                .s("userId", "USER-123")
                .s("registrationDate", "2025-01-03")
                .s("email", "amy@example.com")
                .s("name", "Amy")
                .build()));

    PageResponse byEmail =
        engine.query(
            QueryRequest.builder("Users", "userId = :u")
                .index("EmailIndex")
                .value(":u", s("USER-123"))
                .build());
    assertThat(byEmail.items())
        .extracting(i -> i.get("email"))
        .containsExactly(s("amy@example.com"), s("zed@example.com"));
    assertThat(byEmail.items().get(0)).doesNotContainKey("name");
    PageResponse full =
        engine.query(
            QueryRequest.builder("Users", "userId = :u")
                .index("EmailIndex")
                .select(Select.ALL_ATTRIBUTES)
                .value(":u", s("USER-123"))
                .build());
    assertThat(full.items().get(0).get("name")).isEqualTo(s("Amy"));
  }

  @Test
  void singleTableDesignReturnsProfileAndOrders() {
    engine.createTable(
        CreateTableRequest.builder("AppData")
            .partitionKey("PK", ScalarAttributeType.S)
            .sortKey("SK", ScalarAttributeType.S)
            .build());
    engine.putItem(
        PutItemRequest.of(
            "AppData",
            Item.builder()
                .s("PK", "USER#123")
                .s("SK", "PROFILE")
                .s("type", "user")
                .s("name", "Alice")
                .s("email", "alice@example.com")
                .build()));
    engine.putItem(
        PutItemRequest.of(
            "AppData",
            Item.builder()
                .s("PK", "USER#123")
                .s("SK", "ORDER#456")
                .s("type", "order")
                .n("total", "299.99")
                .s("status", "PENDING")
                .build()));
    engine.putItem(
        PutItemRequest.of(
            "AppData",
            Item.builder().s("PK", "PRODUCT#9").s("SK", "METADATA").s("type", "product").build()));

    PageResponse user =
        engine.query(
            QueryRequest.builder("AppData", "PK = :pk").value(":pk", s("USER#123")).build());
    assertThat(user.items()).extracting(i -> i.get("type")).containsExactly(s("order"), s("user"));
    PageResponse orders =
        engine.query(
            QueryRequest.builder("AppData", "PK = :pk AND begins_with(SK, :o)")
                .value(":pk", s("USER#123"))
                .value(":o", s("ORDER#"))
                .build());
    assertThat(orders.items()).extracting(i -> i.get("SK")).containsExactly(s("ORDER#456"));
  }

  private boolean updateProductPrice(String productId, String newPrice, long expectedVersion) {
    try {
      engine.updateItem(
          UpdateItemRequest.builder("Products", Item.key("productId", productId))
              .update("SET price = :price, version = :new_version")
              .condition("version = :expected_version")
              .value(":price", n(newPrice))
              .value(":new_version", n(expectedVersion + 1))
              .value(":expected_version", n(expectedVersion))
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Test
  void optimisticLockingReportsVersionMismatch() {
    engine.createTable(
        CreateTableRequest.builder("Products")
            .partitionKey("productId", ScalarAttributeType.S)
            .build());
    engine.putItem(
        PutItemRequest.of(
            "Products",
            Item.builder().s("productId", "P-1").n("price", "10").n("version", 1).build()));

    assertThat(updateProductPrice("P-1", "12.50", 1)).isTrue();
    assertThat(updateProductPrice("P-1", "13.00", 1)).isFalse();
    Map<String, AttributeValue> item =
        engine
            .getItem(GetItemRequest.of("Products", Item.key("productId", "P-1")))
            .item()
            .orElseThrow();
    assertThat(item.get("price")).isEqualTo(n("12.5"));
    assertThat(item.get("version")).isEqualTo(n(2));
  }

  @Test
  void idempotentCreateWithAttributeNotExists() {
    engine.createTable(
        CreateTableRequest.builder("Orders2")
            .partitionKey("orderId", ScalarAttributeType.S)
            .build());
    PutItemRequest create =
        PutItemRequest.builder(
                "Orders2", Item.builder().s("orderId", "ORD-1").n("total", 5).build())
            .condition("attribute_not_exists(orderId)")
            .build();
    engine.putItem(create);
    assertThatThrownBy(() -> engine.putItem(create))
        .isInstanceOf(ConditionalCheckFailedException.class)
        .hasMessage("The conditional request failed");
    PutItemRequest again =
        PutItemRequest.builder(
                "Orders2", Item.builder().s("orderId", "ORD-1").n("total", 7).build())
            .condition("attribute_not_exists(orderId)")
            .returnOldItemOnConditionCheckFailure(true)
            .build();
    assertThatThrownBy(() -> engine.putItem(again))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e ->
                assertThat(e.item())
                    .hasValueSatisfying(i -> assertThat(i.get("total")).isEqualTo(n(5))));
  }

  @Test
  void batchWriterAndProjection() {
    engine.createTable(
        CreateTableRequest.builder("Products")
            .partitionKey("productId", ScalarAttributeType.S)
            .build());
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      writes.add(
          WriteRequest.put(
              "Products",
              Item.builder()
                  .s("productId", "P-" + i)
                  .n("price", i)
                  .m("details", Map.of("color", s("red"), "sizes", l(s("S"), s("M"))))
                  .build()));
    }
    assertThat(engine.batchWriteItem(writes).unprocessedItems()).isEmpty();
    assertThat(engine.describeTable("Products").itemCount()).isEqualTo(25);
    Map<String, AttributeValue> projected =
        engine
            .getItem(
                GetItemRequest.of("Products", Item.key("productId", "P-3"))
                    .withProjection("price, details.sizes[1]", Map.of()))
            .item()
            .orElseThrow();
    assertThat(projected)
        .isEqualTo(Map.of("price", n(3), "details", m(Map.of("sizes", l(s("M"))))));
  }
}

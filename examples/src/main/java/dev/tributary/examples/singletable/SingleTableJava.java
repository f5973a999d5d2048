package dev.tributary.examples.singletable;

import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Item;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.expression.KeyConditions;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The single-table design on the embedded engine, from Java: users and their orders in one table
 * ({@code PK = USER#id}; {@code SK = PROFILE} or {@code ORDER#date#id}), one Query for a user and
 * all their orders, and a sparse GSI of orders by status.
 */
public final class SingleTableJava {
  static final String TABLE = "AppData";
  static final String BY_STATUS = "OrdersByStatus";

  private final TributaryEngine engine;
  private final PrintStream out;

  public SingleTableJava(TributaryEngine engine, PrintStream out) {
    this.engine = engine;
    this.out = out;
  }

  public void run() {
    engine.createTable(
        CreateTableRequest.builder(TABLE)
            .partitionKey("PK", ScalarAttributeType.S)
            .sortKey("SK", ScalarAttributeType.S)
            .attribute("status", ScalarAttributeType.S)
            // Only orders have a status, so profiles never enter the index: a sparse GSI.
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    BY_STATUS,
                    Projection.all(),
                    KeySchemaElement.hash("status"),
                    KeySchemaElement.range("SK")))
            .build());

    putUser("123", "Alice", "alice@example.com");
    putOrder("123", "2025-01-15", "456", "299.99", "PENDING");
    putOrder("123", "2025-02-03", "457", "45.5", "SHIPPED");
    putOrder("123", "2025-02-20", "458", "12.25", "PENDING");
    putUser("789", "Bob", "bob@example.com");
    putOrder("789", "2025-02-10", "901", "80", "PENDING");

    print(
        "Query PK = USER#123 (the user and all their orders, one request)",
        engine.query(
            QueryRequest.builder(TABLE, KeyConditions.partition("PK").eq(s("USER#123"))).build()));

    // PROFILE sorts after every ORDER#..., so reading backwards gives the profile, then the newest
    // orders.
    print(
        "Query PK = USER#123, ScanIndexForward=false, Limit=3 (profile + 2 newest orders)",
        engine.query(
            QueryRequest.builder(TABLE, "PK = :pk")
                .value(":pk", s("USER#123"))
                .scanIndexForward(false)
                .limit(3)
                .build()));

    print(
        "Query PK = USER#123 AND begins_with(SK, ORDER#2025-02) (February's orders)",
        engine.query(
            QueryRequest.builder(
                    TABLE,
                    KeyConditions.partition("PK")
                        .eq(s("USER#123"))
                        .and(KeyConditions.sort("SK").beginsWith(s("ORDER#2025-02"))))
                .build()));

    print(
        "Query " + BY_STATUS + " status = PENDING (every user's pending orders)",
        pending("PENDING"));

    engine.updateItem(
        UpdateItemRequest.builder(TABLE, Item.key("PK", "USER#123", "SK", "ORDER#2025-02-20#458"))
            .update("SET #s = :shipped")
            .condition("#s = :pending")
            .name("#s", "status")
            .value(":shipped", s("SHIPPED"))
            .value(":pending", s("PENDING"))
            .build());
    out.println("  UpdateItem ORDER#2025-02-20#458 status PENDING -> SHIPPED (the index follows)");
    print("Query " + BY_STATUS + " status = PENDING", pending("PENDING"));
    print("Query " + BY_STATUS + " status = SHIPPED", pending("SHIPPED"));
  }

  private PageResponse pending(String status) {
    return engine.query(
        QueryRequest.builder(TABLE, "#s = :s")
            .index(BY_STATUS)
            .name("#s", "status")
            .value(":s", s(status))
            .build());
  }

  private void putUser(String id, String name, String email) {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("PK", "USER#" + id)
                .s("SK", "PROFILE")
                .s("type", "user")
                .s("name", name)
                .s("email", email)
                .build()));
  }

  private void putOrder(String userId, String date, String orderId, String total, String status) {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("PK", "USER#" + userId)
                .s("SK", "ORDER#" + date + "#" + orderId)
                .s("type", "order")
                .n("total", total)
                .s("status", status)
                .build()));
  }

  private void print(String title, PageResponse page) {
    out.println("  " + title + ": " + page.count() + " item(s)");
    for (Map<String, AttributeValue> item : page.items()) {
      out.println(ItemLines.line(text(item)));
    }
  }

  private static Map<String, String> text(Map<String, AttributeValue> item) {
    Map<String, String> out = new LinkedHashMap<>();
    item.forEach(
        (name, value) ->
            out.put(
                name,
                value instanceof AttributeValue.S str
                    ? str.value()
                    : value instanceof AttributeValue.N num
                        ? num.value().toPlainString()
                        : value.toString()));
    return out;
  }
}

package dev.tributary.examples;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The seed's order stream on the embedded table engine: the Orders table with its status index and
 * a NEW_AND_OLD_IMAGES stream, the seed's writes (an order placed, its status changed, a stale
 * optimistic-lock update refused, the order archived), and {@code process_order_stream} reading
 * the change log and deciding, per record, what the seed's Lambda does.
 */
public final class OrderStreamDemo {
  private final PrintStream out;

  public OrderStreamDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : "data/demo-engine");
    new OrderStreamDemo(System.out).run(dir);
  }

  /** Runs the demo on an engine in {@code dataDir}; returns the number of change records handled. */
  public int run(Path dataDir) throws InterruptedException {
    try (TributaryEngine engine = TributaryEngine.open(EngineOptions.builder(dataDir).build())) {
      if (engine.listTables().tableNames().contains("Orders")) {
        engine.deleteTable("Orders");
      }
      engine.createTable(
          CreateTableRequest.builder("Orders")
              .partitionKey("customerId", ScalarAttributeType.S)
              .sortKey("orderDate", ScalarAttributeType.S)
              .attribute("status", ScalarAttributeType.S)
              .globalSecondaryIndex(
                  GlobalSecondaryIndex.of("OrderStatusIndex", Projection.all(),
                      KeySchemaElement.hash("status"), KeySchemaElement.range("orderDate")))
              .stream(StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
      out.println("Created table Orders (customerId, orderDate) with OrderStatusIndex and a NEW_AND_OLD_IMAGES stream");

      Map<String, AttributeValue> key = Item.key("customerId", "CUST-123", "orderDate", "2025-01-15T10:30:00Z");
      engine.putItem(PutItemRequest.builder("Orders",
              Item.builder().s("customerId", "CUST-123").s("orderDate", "2025-01-15T10:30:00Z")
                  .s("orderId", "ORD-456").s("status", "PENDING").n("total", "299.99").n("version", 1)
                  .s("email", "alice@example.com")
                  .l("items", List.of(
                      AttributeValue.m(Map.of("sku", s("PROD-A"), "quantity", n(2), "price", n("99.99"))),
                      AttributeValue.m(Map.of("sku", s("PROD-B"), "quantity", n(1), "price", n("100.01")))))
                  .build())
          .condition("attribute_not_exists(orderId)")
          .build());
      out.println("PutItem     ORD-456 PENDING (idempotent create: attribute_not_exists(orderId))");

      engine.updateItem(UpdateItemRequest.builder("Orders", key)
          .update("SET #s = :shipped, version = version + :one")
          .condition("version = :expected")
          .name("#s", "status").value(":shipped", s("SHIPPED")).value(":one", n(1)).value(":expected", n(1))
          .build());
      out.println("UpdateItem  ORD-456 PENDING -> SHIPPED (optimistic lock on version 1)");
      try {
        engine.updateItem(UpdateItemRequest.builder("Orders", key)
            .update("SET #s = :cancelled").condition("version = :expected")
            .name("#s", "status").value(":cancelled", s("CANCELLED")).value(":expected", n(1))
            .build());
      } catch (ConditionalCheckFailedException e) {
        out.println("UpdateItem  ORD-456 -> CANCELLED refused: " + e.errorCode() + " (version moved on)");
      }
      PageResponse shipped = engine.query(QueryRequest.builder("Orders", "#s = :s").index("OrderStatusIndex")
          .name("#s", "status").value(":s", s("SHIPPED")).build());
      out.println("Query       OrderStatusIndex status = SHIPPED -> " + shipped.count() + " order(s)");
      engine.deleteItem(DeleteItemRequest.of("Orders", key));
      out.println("DeleteItem  ORD-456");

      out.println();
      out.println("process_order_stream, reading the change log:");
      ChangeStream stream = engine.changeStream("Orders");
      int handled = 0;
      long after = 0;
      List<ChangeEvent> batch;
      while (!(batch = stream.poll(after, 100, Duration.ofMillis(200))).isEmpty()) {
        for (ChangeEvent record : batch) {
          processOrderRecord(record);
          out.println("  " + ChangeEventJson.toJson(record));
          after = ChangeStream.sequenceOf(record);
          handled++;
        }
      }
      out.println("Handled " + handled + " change records.");
      return handled;
    }
  }

  /** The seed's Lambda body, record by record. */
  private void processOrderRecord(ChangeEvent record) {
    EventName name = record.eventName();
    if (name == EventName.INSERT) {
      Map<String, AttributeValue> newImage = record.dynamodb().newImage().orElseThrow();
      out.println("- INSERT: send confirmation email to " + text(newImage, "email"));
    } else if (name == EventName.MODIFY) {
      Map<String, AttributeValue> oldImage = record.dynamodb().oldImage().orElseThrow();
      Map<String, AttributeValue> newImage = record.dynamodb().newImage().orElseThrow();
      if (!text(oldImage, "status").equals(text(newImage, "status"))) {
        out.println("- MODIFY: status " + text(oldImage, "status") + " -> " + text(newImage, "status")
            + ": update search index, notify customer");
      }
    } else {
      out.println("- REMOVE: archive order " + text(record.dynamodb().oldImage().orElseThrow(), "orderId") + " to S3");
    }
  }

  private static String text(Map<String, AttributeValue> image, String name) {
    AttributeValue v = image.get(name);
    return v instanceof AttributeValue.S str ? str.value() : String.valueOf(v);
  }
}

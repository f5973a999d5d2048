package dev.tributary.examples.orders;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chapter's orders and what happens to them, as writes on the engine: the {@code Orders} table
 * (customerId, orderDate) with the {@code OrderStatusIndex} GSI and a NEW_AND_OLD_IMAGES stream;
 * each order placed with an idempotent create, shipped under an optimistic lock, given a tracking
 * number (a MODIFY without a status change: nothing for the stream to do), then, alternately,
 * delivered or cancelled and deleted. The first order is the chapter's own ({@code ORD-456} of
 * {@code CUST-123}, alice@example.com, 299.99).
 *
 * <p>{@link #expected} says what {@code process_order_stream} makes of those writes, so a caller
 * can tell when every effect has happened.
 */
public final class ChapterOrders {
  private ChapterOrders() {}

  /** One order. */
  public record Order(
      String customerId,
      String orderDate,
      String orderId,
      String email,
      BigDecimal total,
      List<Line> items) {
    public Map<String, AttributeValue> key() {
      return Item.key("customerId", customerId, "orderDate", orderDate);
    }

    /** The search document's id: the key attributes in name order. */
    public String documentId() {
      return customerId + "|" + orderDate;
    }
  }

  /** One line of an order. */
  public record Line(String sku, int quantity, BigDecimal price) {}

  /** One write, described the way the demo prints it. */
  public record Write(String description, Order order, Action action) {
    public void apply(TributaryEngine engine) {
      action.apply(engine);
    }
  }

  /** What a write does to the engine. */
  @FunctionalInterface
  public interface Action {
    void apply(TributaryEngine engine);
  }

  /** The effects {@code process_order_stream} has after all the writes of {@link #writes}. */
  public record Expected(
      List<Mail> mails, Map<String, String> documentStatus, List<String> archivedOrderIds) {}

  /** One expected mail. */
  public record Mail(String to, String subject) {}

  /** Creates {@code Orders} as the chapter declares it (the stream on). */
  public static void createTable(TributaryEngine engine) {
    engine.createTable(
        CreateTableRequest.builder(OrderStreamPipeline.TABLE)
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S)
            .attribute("status", ScalarAttributeType.S)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "OrderStatusIndex",
                    Projection.all(),
                    KeySchemaElement.hash("status"),
                    KeySchemaElement.range("orderDate")))
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
  }

  /** {@code count} orders; the first is the chapter's. */
  public static List<Order> orders(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, was " + count);
    }
    List<Order> out = new ArrayList<>();
    out.add(
        new Order(
            "CUST-123",
            "2025-01-15T10:30:00Z",
            "ORD-456",
            "alice@example.com",
            new BigDecimal("299.99"),
            List.of(
                new Line("PROD-A", 2, new BigDecimal("99.99")),
                new Line("PROD-B", 1, new BigDecimal("100.01")))));
    Instant t0 = Instant.parse("2025-01-15T11:00:00Z");
    String[] names = {"bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"};
    for (int i = 1; i < count; i++) {
      String name = names[(i - 1) % names.length] + (i > names.length ? String.valueOf(i) : "");
      int qty = 1 + i % 3;
      BigDecimal price = new BigDecimal(19 + i % 7).add(new BigDecimal("0.95"));
      out.add(
          new Order(
              "CUST-" + (123 + i),
              t0.plus(i * 7L, ChronoUnit.MINUTES).toString(),
              "ORD-" + (456 + i),
              name + "@example.com",
              price.multiply(BigDecimal.valueOf(qty)),
              List.of(new Line("PROD-" + (char) ('A' + i % 5), qty, price))));
    }
    return out;
  }

  /** Whether an order ends deleted (archived) rather than delivered: every second one. */
  public static boolean removed(int index) {
    return index % 2 == 0;
  }

  /** The writes for these orders, order by order. */
  public static List<Write> writes(List<Order> orders) {
    List<Write> out = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      Order o = orders.get(i);
      out.add(
          new Write(
              "PutItem    "
                  + o.orderId()
                  + " for "
                  + o.customerId()
                  + ", PENDING, total "
                  + o.total()
                  + " (create only if new)",
              o,
              e -> place(e, o)));
      out.add(
          new Write(
              "UpdateItem " + o.orderId() + " PENDING -> SHIPPED (if version = 1)",
              o,
              e -> setStatus(e, o, "SHIPPED", 1)));
      if (i == 0) {
        out.add(
            new Write(
                "UpdateItem "
                    + o.orderId()
                    + " -> CANCELLED (if version = 1): refused, the version moved on",
                o,
                e -> staleUpdate(e, o)));
      }
      out.add(
          new Write(
              "UpdateItem " + o.orderId() + " SET trackingNumber (status unchanged: no effect)",
              o,
              e -> track(e, o)));
      if (removed(i)) {
        out.add(
            new Write(
                "DeleteItem " + o.orderId(),
                o,
                e -> e.deleteItem(DeleteItemRequest.of(OrderStreamPipeline.TABLE, o.key()))));
      } else {
        out.add(
            new Write(
                "UpdateItem " + o.orderId() + " SHIPPED -> DELIVERED (if version = 2)",
                o,
                e -> setStatus(e, o, "DELIVERED", 2)));
      }
    }
    return out;
  }

  /** What the pipeline does with {@link #writes} of these orders. */
  public static Expected expected(List<Order> orders) {
    List<Mail> mails = new ArrayList<>();
    Map<String, String> docs = new LinkedHashMap<>();
    List<String> archived = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      Order o = orders.get(i);
      mails.add(new Mail(o.email(), "Order " + o.orderId() + " confirmed"));
      mails.add(new Mail(o.email(), "Order " + o.orderId() + " is now SHIPPED"));
      if (removed(i)) {
        docs.put(o.documentId(), "SHIPPED");
        archived.add(o.orderId());
      } else {
        docs.put(o.documentId(), "DELIVERED");
        mails.add(new Mail(o.email(), "Order " + o.orderId() + " is now DELIVERED"));
      }
    }
    return new Expected(List.copyOf(mails), Map.copyOf(docs), List.copyOf(archived));
  }

  private static void place(TributaryEngine engine, Order o) {
    List<AttributeValue> items = new ArrayList<>();
    for (Line l : o.items()) {
      items.add(
          AttributeValue.m(
              Map.of(
                  "sku",
                  s(l.sku()),
                  "quantity",
                  n(l.quantity()),
                  "price",
                  n(l.price().toPlainString()))));
    }
    engine.putItem(
        PutItemRequest.builder(
                OrderStreamPipeline.TABLE,
                Item.builder()
                    .s("customerId", o.customerId())
                    .s("orderDate", o.orderDate())
                    .s("orderId", o.orderId())
                    .s("status", "PENDING")
                    .n("total", o.total().toPlainString())
                    .n("version", 1)
                    .s("email", o.email())
                    .l("items", items)
                    .build())
            .condition("attribute_not_exists(orderId)")
            .build());
  }

  private static void setStatus(
      TributaryEngine engine, Order o, String status, int expectedVersion) {
    engine.updateItem(
        UpdateItemRequest.builder(OrderStreamPipeline.TABLE, o.key())
            .update("SET #s = :s, version = version + :one")
            .condition("version = :expected")
            .name("#s", "status")
            .value(":s", s(status))
            .value(":one", n(1))
            .value(":expected", n(expectedVersion))
            .build());
  }

  private static void staleUpdate(TributaryEngine engine, Order o) {
    try {
      setStatus(engine, o, "CANCELLED", 1);
      throw new IllegalStateException("the stale update of " + o.orderId() + " was not refused");
    } catch (ConditionalCheckFailedException expected) {
      // the point of the step: an optimistic lock on a version that moved on
    }
  }

  private static void track(TributaryEngine engine, Order o) {
    engine.updateItem(
        UpdateItemRequest.builder(OrderStreamPipeline.TABLE, o.key())
            .update("SET trackingNumber = :t")
            .value(":t", s("TRK-" + o.orderId().substring(4)))
            .build());
  }
}

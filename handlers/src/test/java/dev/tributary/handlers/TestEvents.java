package dev.tributary.handlers;

import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Change events shaped as the engine emits them, for handler tests. */
public final class TestEvents {
  private TestEvents() {}

  public static String arn(String table) {
    return "arn:aws:dynamodb:us-east-1:000000000000:table/"
        + table
        + "/stream/2026-01-01T00:00:00.000";
  }

  public static ChangeEvent event(
      String table,
      EventName name,
      long seq,
      Instant at,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> newImage,
      Map<String, AttributeValue> oldImage) {
    String sequence = String.format("%021d", seq);
    return new ChangeEvent(
        table + "-" + sequence,
        name,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        arn(table),
        new StreamRecord(
            keys,
            Optional.ofNullable(newImage),
            Optional.ofNullable(oldImage),
            sequence,
            100,
            StreamViewType.NEW_AND_OLD_IMAGES,
            at),
        Optional.empty(),
        false);
  }

  /** An order as the chapter writes it: customer, items, total and status. */
  public static Map<String, AttributeValue> order(String orderId, String status, String email) {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("orderId", s(orderId));
    item.put("customerId", s("CUST-" + orderId));
    item.put("customer", m(Map.of("name", s("Ada " + orderId), "email", s(email))));
    item.put(
        "items",
        l(m(Map.of("sku", s("SKU-1"), "qty", n(2))), m(Map.of("sku", s("SKU-2"), "qty", n(1)))));
    item.put("total", n("299.99"));
    item.put("status", s(status));
    return item;
  }

  public static Map<String, AttributeValue> orderKey(String orderId) {
    return Map.of("orderId", s(orderId));
  }

  public static ChangeEvent insert(
      String table, long seq, Instant at, String orderId, String email) {
    return event(
        table, EventName.INSERT, seq, at, orderKey(orderId), order(orderId, "PLACED", email), null);
  }

  public static ChangeEvent modify(
      String table, long seq, Instant at, String orderId, String from, String to) {
    return event(
        table,
        EventName.MODIFY,
        seq,
        at,
        orderKey(orderId),
        order(orderId, to, orderId + "@example.com"),
        order(orderId, from, orderId + "@example.com"));
  }

  public static ChangeEvent remove(String table, long seq, Instant at, String orderId) {
    return event(
        table,
        EventName.REMOVE,
        seq,
        at,
        orderKey(orderId),
        null,
        order(orderId, "SHIPPED", orderId + "@example.com"));
  }

  public static BatchContext context(int attempt) {
    return BatchContext.of("orders", "test", attempt, 0, 0, 0);
  }

  public static List<ChangeEvent> concat(List<ChangeEvent> a, List<ChangeEvent> b) {
    ArrayList<ChangeEvent> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}

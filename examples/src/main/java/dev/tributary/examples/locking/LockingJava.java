package dev.tributary.examples.locking;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Item;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.IdempotentParameterMismatchException;
import dev.tributary.engine.TransactionCanceledException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Optimistic locking, idempotent creates and an idempotent transaction on the embedded engine, from
 * Java.
 */
public final class LockingJava {
  static final String PRODUCTS = "Products";
  static final String ORDERS = "Orders";

  private final TributaryEngine engine;
  private final PrintStream out;

  public LockingJava(TributaryEngine engine, PrintStream out) {
    this.engine = engine;
    this.out = out;
  }

  public void run() throws Exception {
    engine.createTable(
        CreateTableRequest.builder(PRODUCTS)
            .partitionKey("productId", ScalarAttributeType.S)
            .build());
    engine.createTable(
        CreateTableRequest.builder(ORDERS).partitionKey("orderId", ScalarAttributeType.S).build());
    engine.putItem(
        PutItemRequest.of(
            PRODUCTS,
            Item.builder()
                .s("productId", "P-1")
                .n("price", "19.99")
                .n("stock", 10)
                .n("version", 1)
                .build()));
    out.println("  PutItem P-1 stock=10 version=1");

    twoConcurrentWriters();
    idempotentCreate();
    idempotentTransaction();
  }

  // ---- 1. version = :expected, two writers at once ---------------------------------------------

  /**
   * Two writers each add a delivery to the stock with read-modify-write. Both read version 1 before
   * either writes (the barrier makes the race certain): one write wins, the other gets
   * ConditionalCheckFailedException, reads again and retries. No delivery is lost.
   */
  private void twoConcurrentWriters() throws Exception {
    out.println("  -- two writers, ConditionExpression version = :expected --");
    CyclicBarrier bothHaveRead = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> a = pool.submit(() -> receiveDelivery("writer-A", 5, bothHaveRead));
      Future<?> b = pool.submit(() -> receiveDelivery("writer-B", 7, bothHaveRead));
      a.get(1, TimeUnit.MINUTES);
      b.get(1, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
    Map<String, AttributeValue> p1 = product("P-1");
    out.println(
        "  P-1 now stock="
            + number(p1, "stock")
            + " version="
            + number(p1, "version")
            + " (10 + 5 + 7: no lost update)");
  }

  private Void receiveDelivery(String writer, int units, CyclicBarrier firstRead)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    boolean first = true;
    while (true) {
      Map<String, AttributeValue> item = product("P-1");
      long version = number(item, "version").longValueExact();
      long stock = number(item, "stock").longValueExact();
      if (first) {
        firstRead.await(1, TimeUnit.MINUTES);
        first = false;
      }
      try {
        engine.updateItem(
            UpdateItemRequest.builder(PRODUCTS, Item.key("productId", "P-1"))
                .update("SET stock = :stock, version = :new_version")
                .condition("version = :expected_version")
                .value(":stock", n(stock + units))
                .value(":new_version", n(version + 1))
                .value(":expected_version", n(version))
                .build());
        synchronized (out) {
          out.println(
              "  "
                  + writer
                  + ": read version "
                  + version
                  + ", stock "
                  + stock
                  + " -> "
                  + (stock + units)
                  + ", written as version "
                  + (version + 1));
        }
        return null;
      } catch (ConditionalCheckFailedException e) {
        synchronized (out) {
          out.println(
              "  "
                  + writer
                  + ": read version "
                  + version
                  + ", "
                  + e.errorCode()
                  + ": someone else updated it; reading again and retrying");
        }
      }
    }
  }

  // ---- 2. attribute_not_exists: a create that is safe to retry ---------------------------------

  /** The chapter's create_order_idempotent; returns whether this call created the order. */
  private boolean createOrderIdempotent(String orderId, Map<String, AttributeValue> orderData) {
    Map<String, AttributeValue> item = Item.builder().s("orderId", orderId).build();
    Map<String, AttributeValue> withData = new LinkedHashMap<>(item);
    withData.putAll(orderData);
    try {
      engine.putItem(
          PutItemRequest.builder(ORDERS, withData)
              .condition("attribute_not_exists(orderId)")
              .returnOldItemOnConditionCheckFailure(true)
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      // Order already exists: the earlier attempt went through. DynamoDB can hand back the item.
      out.println(
          "  create ORD-1 again: "
              + e.errorCode()
              + ", already there with total="
              + e.item().map(i -> number(i, "total").toPlainString()).orElse("?"));
      return false;
    }
  }

  private void idempotentCreate() {
    out.println("  -- idempotent create, ConditionExpression attribute_not_exists(orderId) --");
    boolean created =
        createOrderIdempotent("ORD-1", Map.of("total", n("39.98"), "status", s("PENDING")));
    out.println("  create ORD-1: " + (created ? "created" : "not created"));
    // The client timed out and retries with the same order id: nothing changes.
    boolean again =
        createOrderIdempotent("ORD-1", Map.of("total", n("39.98"), "status", s("PENDING")));
    out.println(
        "  create ORD-1 (retry): " + (again ? "created" : "not created, the first write stands"));
  }

  // ---- 3. TransactWriteItems with a ClientRequestToken
  // -------------------------------------------

  /** Places an order and takes its units from stock, all or nothing. */
  private static TransactWriteItemsRequest placeOrder(String orderId, int units) {
    return TransactWriteItemsRequest.of(
        TransactWriteItem.put(
            ORDERS,
            Item.builder()
                .s("orderId", orderId)
                .s("productId", "P-1")
                .n("units", units)
                .s("status", "PENDING")
                .build(),
            "attribute_not_exists(orderId)",
            ExpressionParameters.NONE),
        TransactWriteItem.update(
            PRODUCTS,
            Item.key("productId", "P-1"),
            "SET stock = stock - :units",
            "stock >= :units",
            ExpressionParameters.NONE.withValue(":units", n(units))));
  }

  private void idempotentTransaction() {
    out.println("  -- TransactWriteItems with ClientRequestToken --");
    engine.transactWriteItems(placeOrder("ORD-2", 3).withClientRequestToken("place-ORD-2"));
    out.println("  place ORD-2 (3 units), token place-ORD-2: committed, stock=" + stock());
    // The response was lost; the client sends the same request with the same token.
    engine.transactWriteItems(placeOrder("ORD-2", 3).withClientRequestToken("place-ORD-2"));
    out.println(
        "  the same request and token again: succeeded without writing again, stock=" + stock());
    try {
      engine.transactWriteItems(placeOrder("ORD-2", 4).withClientRequestToken("place-ORD-2"));
    } catch (IdempotentParameterMismatchException e) {
      out.println("  the same token with 4 units: " + e.errorCode());
    }
    try {
      engine.transactWriteItems(placeOrder("ORD-2", 3).withClientRequestToken("place-ORD-2-again"));
    } catch (TransactionCanceledException e) {
      out.println(
          "  the same order with a new token: "
              + e.errorCode()
              + " "
              + e.reasons().stream().map(r -> r.code()).toList()
              + ", stock="
              + stock());
    }
  }

  private String stock() {
    return number(product("P-1"), "stock").toPlainString();
  }

  private Map<String, AttributeValue> product(String id) {
    return engine
        .getItem(GetItemRequest.of(PRODUCTS, Item.key("productId", id)).consistent())
        .item()
        .orElseThrow();
  }

  private static BigDecimal number(Map<String, AttributeValue> item, String name) {
    return ((AttributeValue.N) item.get(name)).value();
  }
}

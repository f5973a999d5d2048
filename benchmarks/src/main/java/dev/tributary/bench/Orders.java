package dev.tributary.bench;

import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Item;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The workload every storage benchmark shares: the chapter's {@code Orders} table (partition key
 * {@code customerId}, sort key {@code orderDate}), {@value #CUSTOMERS} customers with {@value
 * #ORDERS_PER_CUSTOMER} orders each, items of about 200 bytes. Every identifier has a fixed width,
 * so new items, overwrites and the raw RocksDB counterparts all have the same key and value sizes.
 */
public final class Orders {
  static final String TABLE = "Orders";
  static final int CUSTOMERS = 2_500;
  static final int ORDERS_PER_CUSTOMER = 20;
  static final int ITEMS = CUSTOMERS * ORDERS_PER_CUSTOMER;

  /** Numeric table id the engine gives the first table; the raw benchmark uses it in its keys. */
  static final int TABLE_ID = 1;

  private static final List<AttributeValue> LINES =
      List.of(
          m(Map.of("sku", s("PROD-A"), "quantity", n(2), "price", n("99.99"))),
          m(Map.of("sku", s("PROD-B"), "quantity", n(1), "price", n("100.01"))));
  private static final String[] STATUS_NAMES = {"PENDING", "SHIPPED", "PACKING"};
  static final AttributeValue[] STATUSES = {
    s(STATUS_NAMES[0]), s(STATUS_NAMES[1]), s(STATUS_NAMES[2])
  };

  private Orders() {}

  /** {@code CUST-0000042}: 12 characters. */
  static String customer(int c) {
    return "CUST-" + pad(c, 7);
  }

  /** A customer no preloaded item has, unique per writing thread: {@code NEW3-0000042}. */
  static String newCustomer(int thread, long c) {
    return "NEW" + (char) ('0' + thread % 10) + "-" + pad(c, 7);
  }

  /** {@code 2025-01-07T10:30:00Z}: 20 characters. */
  static String orderDate(int o) {
    return "2025-01-" + pad(o + 1, 2) + "T10:30:00Z";
  }

  static String customerOf(int item) {
    return customer(item / ORDERS_PER_CUSTOMER);
  }

  static String orderDateOf(int item) {
    return orderDate(item % ORDERS_PER_CUSTOMER);
  }

  /** Preloaded totals are 100.00 to 999.99. */
  static BigDecimal preloadTotal(int item) {
    return BigDecimal.valueOf(10_000 + (item * 7919L) % 90_000, 2);
  }

  /** Totals written later are 1000.00 to 9999.99: never equal to a preloaded one, same width. */
  static BigDecimal writtenTotal(long counter) {
    return BigDecimal.valueOf(100_000 + counter % 900_000, 2);
  }

  static Map<String, AttributeValue> order(
      String customer, String orderDate, AttributeValue status, BigDecimal total, long version) {
    return Item.builder()
        .s("customerId", customer)
        .s("orderDate", orderDate)
        .s("orderId", "ORD-" + customer.substring(5) + "-" + orderDate.substring(8, 10))
        .put("status", status)
        .n("total", total)
        .n("version", version)
        .s("channel", "web")
        .s("currency", "USD")
        .l("items", LINES)
        .build();
  }

  static Map<String, AttributeValue> preloaded(int item) {
    return order(customerOf(item), orderDateOf(item), STATUSES[0], preloadTotal(item), 0);
  }

  static Map<String, AttributeValue> key(int item) {
    return Item.key("customerId", customerOf(item), "orderDate", orderDateOf(item));
  }

  private static String pad(long v, int width) {
    String digits = Long.toString(v);
    if (digits.length() >= width) {
      return digits;
    }
    return "0".repeat(width - digits.length()) + digits;
  }

  /**
   * One benchmark thread's view of the workload: its own random stream, its own run of new keys,
   * and for conditional updates its own slice of the items (item {@code i} belongs to thread {@code
   * i % threads}), so it knows each owned item's version without reading it.
   */
  @State(Scope.Thread)
  public static class Worker {
    SplittableRandom random;
    int thread;
    int threads;
    long newItems;
    long writes;
    long[] versions;

    @Setup(Level.Trial)
    public void setUp(ThreadParams params) {
      thread = params.getThreadIndex();
      threads = params.getThreadCount();
      random = new SplittableRandom(0x5EEDL * 31 + thread);
      newItems = 0;
      writes = 0;
      versions = new long[(ITEMS + threads - 1) / threads];
    }

    /** A preloaded item, uniformly at random. */
    int anyItem() {
      return random.nextInt(ITEMS);
    }

    int anyCustomer() {
      return random.nextInt(CUSTOMERS);
    }

    /** A slot of this thread's slice; {@link #itemOfSlot} gives the item. */
    int ownedSlot() {
      int slots = (ITEMS - thread + threads - 1) / threads;
      return random.nextInt(slots);
    }

    int itemOfSlot(int slot) {
      return slot * threads + thread;
    }

    /** The next item no one has written: a new customer every {@value #ORDERS_PER_CUSTOMER}. */
    Map<String, AttributeValue> nextNewItem() {
      long n = newItems++;
      return order(
          newCustomer(thread, n / ORDERS_PER_CUSTOMER),
          orderDate((int) (n % ORDERS_PER_CUSTOMER)),
          STATUSES[0],
          writtenTotal(writes++),
          0);
    }

    String nextNewCustomer() {
      return newCustomer(thread, newItems / ORDERS_PER_CUSTOMER);
    }

    String nextNewOrderDate() {
      return orderDate((int) (newItems++ % ORDERS_PER_CUSTOMER));
    }

    /** A full replacement of a preloaded item that differs from what is stored. */
    Map<String, AttributeValue> overwriteOf(int item) {
      return order(customerOf(item), orderDateOf(item), STATUSES[1], writtenTotal(writes++), 0);
    }
  }
}

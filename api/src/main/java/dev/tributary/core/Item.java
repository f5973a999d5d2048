package dev.tributary.core;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chainable builder for items ({@code Map<String, AttributeValue>}), so Java code reads like the
 * chapter's Python dictionaries:
 *
 * <pre>{@code
 * Map<String, AttributeValue> order = Item.builder()
 *     .s("customerId", "CUST-123").s("orderDate", "2025-01-15T10:30:00Z")
 *     .n("total", "299.99").build();
 * }</pre>
 */
public final class Item {
  private final Map<String, AttributeValue> attributes = new LinkedHashMap<>();

  private Item() {}

  public static Item builder() {
    return new Item();
  }

  /** A one-attribute item or key, e.g. {@code Item.key("productId", "P-1")}. */
  public static Map<String, AttributeValue> key(String name, String value) {
    return Map.of(name, AttributeValue.s(value));
  }

  /** A two-attribute string key. */
  public static Map<String, AttributeValue> key(
      String pk, String pkValue, String sk, String skValue) {
    return Map.of(pk, AttributeValue.s(pkValue), sk, AttributeValue.s(skValue));
  }

  public Item put(String name, AttributeValue value) {
    attributes.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public Item s(String name, String value) {
    return put(name, AttributeValue.s(value));
  }

  public Item n(String name, String number) {
    return put(name, AttributeValue.n(number));
  }

  public Item n(String name, long number) {
    return put(name, AttributeValue.n(number));
  }

  public Item n(String name, BigDecimal number) {
    return put(name, AttributeValue.n(number));
  }

  public Item bool(String name, boolean value) {
    return put(name, AttributeValue.bool(value));
  }

  public Item ss(String name, String... values) {
    return put(name, AttributeValue.ss(values));
  }

  public Item l(String name, List<? extends AttributeValue> values) {
    return put(name, AttributeValue.l(values));
  }

  public Item m(String name, Map<String, ? extends AttributeValue> value) {
    return put(name, AttributeValue.m(value));
  }

  public Map<String, AttributeValue> build() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }
}

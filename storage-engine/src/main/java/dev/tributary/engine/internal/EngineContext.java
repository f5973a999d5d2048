package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.internal.capacity.AutoScaler;
import dev.tributary.engine.internal.capacity.ScalingEvent;
import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.model.TableStatus;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** What every part of the engine shares: the store, the catalog, locks, clock and open tables. */
final class EngineContext {
  final Store store;
  final Catalog catalog;
  final ItemLocks locks = new ItemLocks();
  final Clock clock;
  final String region;
  final String account;
  final Metering metering;
  final ConcurrentHashMap<String, TableRuntime> tables = new ConcurrentHashMap<>();
  final AutoScaler scaler;
  private volatile Consumer<ScalingEvent> scalingListener = e -> {};

  EngineContext(Store store, Clock clock, String region, String account) {
    this.store = store;
    this.catalog = new Catalog(store);
    this.clock = clock;
    this.region = region;
    this.account = account;
    this.scaler = new AutoScaler(clock, e -> scalingListener.accept(e));
    this.metering = new Metering(clock, scaler);
  }

  /** Where auto-scaling decisions go: the control plane, which applies them to the table. */
  void onScaling(Consumer<ScalingEvent> listener) {
    this.scalingListener = listener;
  }

  /** A table that exists (in any state), or ResourceNotFoundException in DynamoDB's words. */
  TableRuntime table(String name) {
    TableRuntime t = tables.get(name);
    if (t == null) {
      throw new ResourceNotFoundException(
          "Requested resource not found: Table: " + name + " not found");
    }
    return t;
  }

  /** A table that can serve reads and writes (not being deleted). */
  TableRuntime activeTable(String name) {
    TableRuntime t = tables.get(name);
    if (t == null || t.meta().status() == TableStatus.DELETING) {
      throw new ResourceNotFoundException("Requested resource not found");
    }
    return t;
  }

  Map<String, AttributeValue> readItem(byte[] itemKey) {
    byte[] v = store.get(Keyspace.ITEMS, itemKey);
    return v == null ? null : ItemCodec.decode(v);
  }

  long nowMillis() {
    return clock.millis();
  }
}

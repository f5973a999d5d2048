package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.internal.capacity.AutoScaler;
import dev.tributary.engine.internal.capacity.Capacity;
import dev.tributary.engine.internal.capacity.CapacityCalculator;
import dev.tributary.engine.internal.capacity.ReadConsistency;
import dev.tributary.engine.internal.capacity.ScalableDimension;
import dev.tributary.engine.internal.capacity.ScalableTarget;
import dev.tributary.engine.internal.capacity.ThroughputLimiter;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CapacityDimension;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.TableSettings;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Capacity accounting: computes what each request consumed as DynamoDB does, reports it when asked
 * (ReturnConsumedCapacity), charges PROVISIONED tables and GSIs, and refuses requests once their
 * capacity and burst credit are spent. PAY_PER_REQUEST tables are refused only beyond their
 * OnDemandThroughput maximum, when one is set.
 */
final class Metering {
  private final LongSupplier nanoTime;
  private final Map<TableRuntime, Limiters> limiters = new ConcurrentHashMap<>();

  /** The limiters of one table: the table's own and one per GSI. */
  private record Limiters(
      ThroughputLimiter table,
      Map<String, ThroughputLimiter> indexes,
      Map<String, ScalableTarget> scaled) {

    /** Feeds auto scaling: consumption of one dimension of the table or an index. */
    void consumed(String index, CapacityDimension dimension, double units) {
      if (!scaled.isEmpty()) {
        ScalableTarget target = scaled.get(scalingKey(index, dimension));
        if (target != null) {
          target.recordConsumed(units);
        }
      }
    }
  }

  private final AutoScaler scaler;
  // A table's settings by its id, for OnDemandThroughput; none until the engine sets the source.
  private volatile IntFunction<TableSettings> settings = id -> TableSettings.DEFAULT;

  Metering(Clock clock, AutoScaler scaler) {
    this.scaler = scaler;
    // Derived from the injectable clock, so tests move capacity time without sleeping.
    this.nanoTime = () -> clock.millis() * 1_000_000L;
  }

  /** (Re)applies a table's billing mode and throughput, keeping credit where the mode stays. */
  void configure(TableRuntime t) {
    TableMeta m = t.meta();
    Limiters current = limiters.get(t);
    ThroughputLimiter table =
        current == null
            ? ThroughputLimiter.payPerRequest(ThroughputLimiter.Scope.TABLE, nanoTime)
            : current.table();
    apply(table, m.billingMode(), m.throughput());
    Map<String, ThroughputLimiter> indexes = new HashMap<>();
    for (IndexMeta i : m.indexes(true)) {
      ThroughputLimiter l =
          current != null && current.indexes().containsKey(i.name())
              ? current.indexes().get(i.name())
              : ThroughputLimiter.payPerRequest(
                  ThroughputLimiter.Scope.GLOBAL_SECONDARY_INDEX, nanoTime);
      apply(l, m.billingMode(), i.throughput());
      indexes.put(i.name(), l);
    }
    Map<String, ScalableTarget> scaled = new HashMap<>();
    for (ScalingMeta sm : m.scaling()) {
      String resource =
          sm.indexName() == null
              ? AutoScaler.tableResourceId(m.name())
              : AutoScaler.indexResourceId(m.name(), sm.indexName());
      scaler
          .target(resource, ScalableDimension.valueOf(sm.dimension().name()))
          .ifPresent(target -> scaled.put(scalingKey(sm.indexName(), sm.dimension()), target));
    }
    limiters.put(t, new Limiters(table, Map.copyOf(indexes), Map.copyOf(scaled)));
    applyOnDemandMaximum(m.id(), table, indexes);
  }

  /** Where {@link #configure} finds a table's OnDemandThroughput (its settings, by table id). */
  void settingsSource(IntFunction<TableSettings> source) {
    this.settings = source;
  }

  private void applyOnDemandMaximum(
      int tableId, ThroughputLimiter table, Map<String, ThroughputLimiter> indexes) {
    TableSettings s = settings.apply(tableId);
    var none = new TableSettings.Units(-1, -1);
    var t = s.onDemand("").orElse(none);
    table.setOnDemandMaximum(t.read(), t.write());
    for (Map.Entry<String, ThroughputLimiter> e : indexes.entrySet()) {
      var u = s.onDemand(e.getKey()).orElse(none);
      e.getValue().setOnDemandMaximum(u.read(), u.write());
    }
  }

  private static String scalingKey(String index, CapacityDimension dimension) {
    return (index == null ? "" : index) + "/" + dimension;
  }

  private static void apply(ThroughputLimiter l, BillingMode mode, ThroughputMeta tm) {
    if (mode == BillingMode.PROVISIONED && tm.readUnits() > 0 && tm.writeUnits() > 0) {
      l.setProvisioned(tm.readUnits(), tm.writeUnits());
    } else {
      l.setPayPerRequest();
    }
  }

  void forget(TableRuntime t) {
    limiters.remove(t);
  }

  private Limiters of(TableRuntime t) {
    Limiters l = limiters.get(t);
    if (l == null) {
      configure(t);
      l = limiters.get(t);
    }
    return l;
  }

  /** Refuses a read once the table's read capacity and burst are spent. */
  void admitRead(TableRuntime t) {
    of(t).table().checkRead();
  }

  void admitIndexRead(TableRuntime t, String indexName) {
    ThroughputLimiter l = of(t).indexes().get(indexName);
    if (l != null) {
      l.checkRead();
    }
  }

  /** Refuses a write once the table's, or any GSI's, write capacity and burst are spent. */
  void admitWrite(TableRuntime t) {
    Limiters l = of(t);
    l.table().checkWrite();
    for (ThroughputLimiter i : l.indexes().values()) {
      i.checkWrite();
    }
  }

  /** A GetItem or BatchGetItem member. */
  Optional<ConsumedCapacity> read(
      TableRuntime t, long itemBytes, boolean consistent, ReturnConsumedCapacity rcc) {
    double units = CapacityCalculator.getItem(itemBytes, ReadConsistency.of(consistent));
    Limiters l = of(t);
    l.table().chargeRead(units);
    l.consumed(null, CapacityDimension.READ, units);
    return report(t.meta().name(), rcc, Capacity.read(units), Map.of(), Map.of());
  }

  /** A Query or Scan page: charged to the index it read, or to the table. */
  Optional<ConsumedCapacity> read(
      TableRuntime t,
      Optional<IndexMeta> index,
      long bytesRead,
      boolean consistent,
      ReturnConsumedCapacity rcc) {
    double units = CapacityCalculator.query(bytesRead, ReadConsistency.of(consistent));
    if (index.isPresent()) {
      IndexMeta i = index.get();
      if (i.global()) {
        Limiters all = of(t);
        ThroughputLimiter l = all.indexes().get(i.name());
        if (l != null) {
          l.chargeRead(units);
        }
        all.consumed(i.name(), CapacityDimension.READ, units);
        return report(
            t.meta().name(), rcc, Capacity.ZERO, Map.of(i.name(), Capacity.read(units)), Map.of());
      }
      of(t).table().chargeRead(units);
      of(t).consumed(null, CapacityDimension.READ, units);
      return report(
          t.meta().name(), rcc, Capacity.ZERO, Map.of(), Map.of(i.name(), Capacity.read(units)));
    }
    of(t).table().chargeRead(units);
    of(t).consumed(null, CapacityDimension.READ, units);
    return report(t.meta().name(), rcc, Capacity.read(units), Map.of(), Map.of());
  }

  /** A single-item write: the item by its larger image, each index by its entries. */
  Optional<ConsumedCapacity> wrote(
      TableRuntime t,
      Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem,
      ReturnConsumedCapacity rcc) {
    Usage usage = new Usage();
    chargeWrite(t, oldItem, newItem, false, rcc != ReturnConsumedCapacity.NONE, usage);
    return report(t.meta().name(), rcc, usage);
  }

  /**
   * One TransactWriteItems action, charged and added to {@code usage}: 2 units per KB on the table
   * and on each index the write changes; a ConditionCheck by the size of the item it checks.
   */
  void transactionalWrite(
      TableRuntime t,
      Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem,
      boolean conditionCheck,
      boolean reported,
      Usage usage) {
    if (conditionCheck) {
      double units = CapacityCalculator.write(size(oldItem), true);
      of(t).table().chargeWrite(units);
      of(t).consumed(null, CapacityDimension.WRITE, units);
      usage.table = usage.table.plus(Capacity.write(units));
      return;
    }
    chargeWrite(t, oldItem, newItem, true, reported, usage);
  }

  /**
   * One action of a TransactWriteItems repeated with the ClientRequestToken of one already applied:
   * nothing is written again; DynamoDB reports (and charges) the read of the item instead, as a
   * transactional read of its current size.
   */
  void transactionalReplay(TableRuntime t, Map<String, AttributeValue> item, Usage usage) {
    double units = transactionalRead(t, item);
    usage.table = usage.table.plus(Capacity.read(units));
  }

  /**
   * Charges a write to the table and, when the table is PROVISIONED or the caller reports
   * consumption, to each index whose entry it changes; adds what it charged to {@code usage}.
   */
  private void chargeWrite(
      TableRuntime t,
      Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem,
      boolean transactional,
      boolean reported,
      Usage usage) {
    TableMeta m = t.meta();
    Limiters l = of(t);
    double tableUnits = CapacityCalculator.itemWrite(size(oldItem), size(newItem), transactional);
    l.table().chargeWrite(tableUnits);
    l.consumed(null, CapacityDimension.WRITE, tableUnits);
    usage.table = usage.table.plus(Capacity.write(tableUnits));
    if (!reported && m.billingMode() != BillingMode.PROVISIONED) {
      return;
    }
    for (IndexMeta i : m.indexes()) {
      double units = indexUnits(m, i, oldItem, newItem, transactional);
      if (units == 0) {
        continue;
      }
      if (i.global()) {
        ThroughputLimiter il = l.indexes().get(i.name());
        if (il != null) {
          il.chargeWrite(units);
        }
        l.consumed(i.name(), CapacityDimension.WRITE, units);
        usage.gsis.merge(i.name(), Capacity.write(units), Capacity::plus);
      } else {
        l.table().chargeWrite(units);
        l.consumed(null, CapacityDimension.WRITE, units);
        usage.lsis.merge(i.name(), Capacity.write(units), Capacity::plus);
      }
    }
  }

  /**
   * Capacity one request consumed on one table, summed over its actions: the table's and each
   * index's.
   */
  static final class Usage {
    private Capacity table = Capacity.ZERO;
    private final Map<String, Capacity> gsis = new HashMap<>();
    private final Map<String, Capacity> lsis = new HashMap<>();
  }

  double transactionalRead(TableRuntime t, Map<String, AttributeValue> item) {
    double units = CapacityCalculator.getItem(size(item), ReadConsistency.TRANSACTIONAL);
    of(t).table().chargeRead(units);
    of(t).consumed(null, CapacityDimension.READ, units);
    return units;
  }

  private static double indexUnits(
      TableMeta m,
      IndexMeta i,
      Map<String, AttributeValue> oldItem,
      Map<String, AttributeValue> newItem,
      boolean transactional) {
    byte[] oldKey = IndexEntries.entryKey(m, i, oldItem);
    byte[] newKey = IndexEntries.entryKey(m, i, newItem);
    // Each entry is projected once: its size and the unchanged-entry test both use it.
    Map<String, AttributeValue> oldEntry =
        oldKey == null ? null : IndexEntries.project(m, i, oldItem);
    Map<String, AttributeValue> newEntry =
        newKey == null ? null : IndexEntries.project(m, i, newItem);
    long oldBytes = oldEntry == null ? CapacityCalculator.ABSENT : ItemSizes.itemSize(oldEntry);
    long newBytes = newEntry == null ? CapacityCalculator.ABSENT : ItemSizes.itemSize(newEntry);
    boolean keyChanged = oldKey != null && newKey != null && !Arrays.equals(oldKey, newKey);
    if (!keyChanged && oldEntry != null && newEntry != null && oldEntry.equals(newEntry)) {
      return 0;
    }
    return CapacityCalculator.indexWrite(oldBytes, newBytes, keyChanged, transactional);
  }

  private static long size(Map<String, AttributeValue> item) {
    return item == null ? 0 : ItemSizes.itemSize(item);
  }

  /** What {@code usage} amounts to as DynamoDB reports it for one table, if asked. */
  static Optional<ConsumedCapacity> report(String table, ReturnConsumedCapacity rcc, Usage usage) {
    return report(table, rcc, usage.table, usage.gsis, usage.lsis);
  }

  private static Optional<ConsumedCapacity> report(
      String table,
      ReturnConsumedCapacity rcc,
      Capacity tableUnits,
      Map<String, Capacity> gsis,
      Map<String, Capacity> lsis) {
    if (rcc == ReturnConsumedCapacity.NONE) {
      return Optional.empty();
    }
    double read = tableUnits.readCapacityUnits();
    double write = tableUnits.writeCapacityUnits();
    for (Capacity c : gsis.values()) {
      read += c.readCapacityUnits();
      write += c.writeCapacityUnits();
    }
    for (Capacity c : lsis.values()) {
      read += c.readCapacityUnits();
      write += c.writeCapacityUnits();
    }
    if (rcc == ReturnConsumedCapacity.TOTAL) {
      return Optional.of(
          new ConsumedCapacity(
              table, read + write, read, write, Optional.empty(), Map.of(), Map.of()));
    }
    Map<String, dev.tributary.engine.model.Capacity> g = new HashMap<>();
    gsis.forEach((k, c) -> g.put(k, model(c)));
    Map<String, dev.tributary.engine.model.Capacity> ls = new HashMap<>();
    lsis.forEach((k, c) -> ls.put(k, model(c)));
    return Optional.of(
        new ConsumedCapacity(
            table, read + write, read, write, Optional.of(model(tableUnits)), g, ls));
  }

  private static dev.tributary.engine.model.Capacity model(Capacity c) {
    return new dev.tributary.engine.model.Capacity(
        c.readCapacityUnits(), c.writeCapacityUnits(), c.capacityUnits());
  }
}

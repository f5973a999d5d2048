package dev.tributary.engine.internal;

import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.internal.capacity.AutoScaler;
import dev.tributary.engine.internal.capacity.ScalableDimension;
import dev.tributary.engine.internal.capacity.ScalingEvent;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CapacityDimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Auto-scaling policies of tables and GSIs: PutScalingPolicy and DeleteScalingPolicy, registering
 * them with the auto scaler, and applying its decisions to the provisioned throughput. Changes are
 * made under the control plane's definition lock.
 */
final class ScalingPolicies {
  private static final Logger log = LoggerFactory.getLogger(ScalingPolicies.class);

  private final EngineContext ctx;
  private final Object lock;

  ScalingPolicies(EngineContext ctx, Object lock) {
    this.ctx = ctx;
    this.lock = lock;
    ctx.onScaling(this::apply);
  }

  /** Registers (or replaces) a target-tracking policy on a PROVISIONED table or one of its GSIs. */
  void putScalingPolicy(
      String tableName,
      Optional<String> indexName,
      CapacityDimension dimension,
      AutoScalingPolicy policy) {
    synchronized (lock) {
      TableRuntime t = ctx.activeTable(tableName);
      TableMeta meta = t.meta();
      if (meta.billingMode() != BillingMode.PROVISIONED) {
        throw new ValidationException(
            "Auto scaling needs a PROVISIONED table; table " + tableName + " is PAY_PER_REQUEST");
      }
      indexName.ifPresent(i -> TableUpdates.globalIndex(meta, i));
      List<ScalingMeta> policies = new ArrayList<>();
      for (ScalingMeta sm : meta.scaling()) {
        if (!sm.sameTarget(indexName.orElse(null), dimension)) {
          policies.add(sm);
        }
      }
      policies.add(ScalingMeta.of(indexName.orElse(null), dimension, policy));
      TableMeta changed = meta.withScaling(policies);
      ctx.catalog.save(changed);
      t.meta(changed);
      register(t);
    }
  }

  void deleteScalingPolicy(
      String tableName, Optional<String> indexName, CapacityDimension dimension) {
    synchronized (lock) {
      TableRuntime t = ctx.activeTable(tableName);
      TableMeta meta = t.meta();
      List<ScalingMeta> policies = new ArrayList<>();
      for (ScalingMeta sm : meta.scaling()) {
        if (!sm.sameTarget(indexName.orElse(null), dimension)) {
          policies.add(sm);
        }
      }
      if (policies.size() == meta.scaling().size()) {
        throw new ResourceNotFoundException(
            "No scaling policy for "
                + tableName
                + indexName.map(i -> "/index/" + i).orElse("")
                + " "
                + dimension);
      }
      ctx.scaler.deregister(
          resourceId(meta.name(), indexName.orElse(null)),
          ScalableDimension.valueOf(dimension.name()));
      TableMeta changed = meta.withScaling(policies);
      ctx.catalog.save(changed);
      t.meta(changed);
      register(t);
    }
  }

  /** (Re)registers a table's policies with its current capacity and wires them into metering. */
  void register(TableRuntime t) {
    TableMeta meta = t.meta();
    for (ScalingMeta sm : meta.scaling()) {
      ThroughputMeta tm =
          sm.indexName() == null
              ? meta.throughput()
              : meta.index(sm.indexName())
                  .map(IndexMeta::throughput)
                  .orElse(ThroughputMeta.ON_DEMAND);
      long current = sm.dimension() == CapacityDimension.READ ? tm.readUnits() : tm.writeUnits();
      if (meta.billingMode() == BillingMode.PROVISIONED && current > 0) {
        ctx.scaler.register(
            resourceId(meta.name(), sm.indexName()),
            ScalableDimension.valueOf(sm.dimension().name()),
            sm.policy(),
            current);
      } else {
        ctx.scaler.deregister(
            resourceId(meta.name(), sm.indexName()),
            ScalableDimension.valueOf(sm.dimension().name()));
      }
    }
    ctx.metering.configure(t);
  }

  /** Forgets every policy of a table being deleted. */
  void deregisterAll(TableMeta meta) {
    for (ScalingMeta sm : meta.scaling()) {
      ctx.scaler.deregister(
          resourceId(meta.name(), sm.indexName()),
          ScalableDimension.valueOf(sm.dimension().name()));
    }
  }

  private static String resourceId(String table, String index) {
    return index == null
        ? AutoScaler.tableResourceId(table)
        : AutoScaler.indexResourceId(table, index);
  }

  /** Applies an auto-scaling decision to the table's (or GSI's) provisioned throughput. */
  private void apply(ScalingEvent e) {
    synchronized (lock) {
      String[] parts = e.resourceId().split("/");
      TableRuntime t = ctx.tables.get(parts[1]);
      if (t == null) {
        return;
      }
      TableMeta meta = t.meta();
      long now = e.time().toEpochMilli();
      boolean read = e.dimension() == ScalableDimension.READ;
      if (parts.length == 2) {
        ThroughputMeta tm = meta.throughput();
        meta =
            meta.withBilling(
                meta.billingMode(),
                tm.changedTo(
                    read ? e.newCapacity() : tm.readUnits(),
                    read ? tm.writeUnits() : e.newCapacity(),
                    now));
      } else {
        Optional<IndexMeta> index = meta.index(parts[3]);
        if (index.isEmpty()) {
          return;
        }
        ThroughputMeta tm = index.get().throughput();
        meta =
            meta.withIndex(
                index
                    .get()
                    .withThroughput(
                        tm.changedTo(
                            read ? e.newCapacity() : tm.readUnits(),
                            read ? tm.writeUnits() : e.newCapacity(),
                            now)));
      }
      ctx.catalog.save(meta);
      t.meta(meta);
      ctx.metering.configure(t);
      log.info(
          "Auto scaling set {} {} capacity from {} to {}",
          e.resourceId(),
          e.dimension(),
          e.oldCapacity(),
          e.newCapacity());
    }
  }

  /** Evaluates every auto-scaling policy now; returns how many capacities changed. */
  int runAutoScaling() {
    return ctx.scaler.tick().size();
  }
}

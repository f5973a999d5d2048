package dev.tributary.engine.internal;

import dev.tributary.core.StreamViewType;
import dev.tributary.engine.LimitExceededException;
import dev.tributary.engine.ResourceInUseException;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import dev.tributary.engine.model.TableStatus;
import dev.tributary.engine.model.UpdateTableRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * UpdateTable: billing mode and throughput (of the table and its GSIs), the stream, and adding or
 * deleting a GSI, whose backfill or drop then runs in the background ({@link IndexJobs}). Changes
 * are made under the control plane's definition lock.
 */
final class TableUpdates {
  private final EngineContext ctx;
  private final Object lock;
  private final Describer describer;
  private final ScalingPolicies scaling;
  private final IndexJobs indexJobs;

  TableUpdates(
      EngineContext ctx,
      Object lock,
      Describer describer,
      ScalingPolicies scaling,
      IndexJobs indexJobs) {
    this.ctx = ctx;
    this.lock = lock;
    this.describer = describer;
    this.scaling = scaling;
    this.indexJobs = indexJobs;
  }

  TableDescription update(UpdateTableRequest r) {
    synchronized (lock) {
      TableRuntime t = ctx.table(r.tableName());
      TableMeta meta = t.meta();
      if (meta.status() != TableStatus.ACTIVE) {
        throw new ResourceInUseException(
            "Attempt to change a resource which is still in use: Table is being "
                + (meta.status() == TableStatus.DELETING ? "deleted" : "updated")
                + ": "
                + meta.name());
      }
      boolean anything =
          r.billingMode().isPresent()
              || r.provisionedThroughput().isPresent()
              || !r.createIndexes().isEmpty()
              || !r.deleteIndexes().isEmpty()
              || !r.updateIndexes().isEmpty()
              || r.streamSpecification().isPresent();
      if (!anything) {
        throw new ValidationException(
            "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
                + " GlobalSecondaryIndexUpdates or SSESpecification or ReplicaUpdates is required");
      }
      if (r.createIndexes().size() + r.deleteIndexes().size() > 1) {
        throw new LimitExceededException(
            "Subscriber limit exceeded: Only 1 online index can be created or deleted"
                + " simultaneously per table");
      }
      long now = ctx.nowMillis();
      requireIndexThroughputWhenProvisioning(meta, r);
      meta = updateBilling(meta, r, now);
      meta = updateStream(meta, r.streamSpecification(), now, t.gate.nextSequence());
      for (UpdateTableRequest.IndexThroughputUpdate u : r.updateIndexes()) {
        IndexMeta index = globalIndex(meta, u.indexName());
        TableDefinitionRules.checkUnits(u.throughput());
        meta =
            meta.withIndex(
                index.withThroughput(
                    index
                        .throughput()
                        .changedTo(
                            u.throughput().readCapacityUnits(),
                            u.throughput().writeCapacityUnits(),
                            now)));
      }
      IndexMeta created = null;
      if (!r.createIndexes().isEmpty()) {
        GlobalSecondaryIndex g = r.createIndexes().get(0);
        created = addIndex(meta, r, g);
        List<IndexMeta> indexes = new ArrayList<>(meta.indexes());
        indexes.add(created);
        Map<String, ScalarAttributeType> types = new HashMap<>(meta.attributeTypes());
        types.putAll(TableDefinitionRules.definitions(r.attributeDefinitions()));
        meta = meta.withIndexes(indexes).withAttributeTypes(types);
      }
      IndexMeta dropped = null;
      if (!r.deleteIndexes().isEmpty()) {
        dropped = globalIndex(meta, r.deleteIndexes().get(0));
        meta = meta.withIndex(dropped.withStatus(TableStatus.DELETING, false));
      }
      ctx.catalog.save(meta);
      t.meta(meta);
      scaling.register(t);
      if (created != null) {
        IndexMeta index = created;
        indexJobs.backfillLater(t, index);
      }
      if (dropped != null) {
        IndexMeta index = dropped;
        indexJobs.dropLater(t, index);
      }
      TableDescription d = describer.describe(t);
      return created != null || dropped != null ? d.withStatus(TableStatus.UPDATING) : d;
    }
  }

  /** Switching to PROVISIONED needs a throughput for every GSI, as in DynamoDB. */
  private static void requireIndexThroughputWhenProvisioning(TableMeta meta, UpdateTableRequest r) {
    if (meta.billingMode() == BillingMode.PROVISIONED
        || r.billingMode().orElse(meta.billingMode()) != BillingMode.PROVISIONED) {
      return;
    }
    for (IndexMeta i : meta.indexes(true)) {
      boolean given = r.updateIndexes().stream().anyMatch(u -> u.indexName().equals(i.name()));
      if (!given) {
        throw new ValidationException(
            "One or more parameter values were invalid: ProvisionedThroughput must be specified"
                + " for index: "
                + i.name());
      }
    }
  }

  private TableMeta updateBilling(TableMeta meta, UpdateTableRequest r, long now) {
    BillingMode mode = r.billingMode().orElse(meta.billingMode());
    if (r.billingMode().isEmpty() && r.provisionedThroughput().isEmpty()) {
      return meta;
    }
    if (mode == BillingMode.PROVISIONED) {
      Optional<ProvisionedThroughput> pt = r.provisionedThroughput();
      if (pt.isEmpty() && meta.billingMode() != BillingMode.PROVISIONED) {
        TableDefinitionRules.checkThroughput(mode, pt, null);
      }
      pt.ifPresent(TableDefinitionRules::checkUnits);
      ThroughputMeta tm =
          pt.map(
                  p ->
                      meta.throughput()
                          .changedTo(p.readCapacityUnits(), p.writeCapacityUnits(), now))
              .orElse(meta.throughput());
      return meta.withBilling(mode, tm);
    }
    TableDefinitionRules.checkThroughput(mode, r.provisionedThroughput(), null);
    List<IndexMeta> indexes = new ArrayList<>();
    for (IndexMeta i : meta.indexes()) {
      indexes.add(i.global() ? i.withThroughput(ThroughputMeta.ON_DEMAND) : i);
    }
    return meta.withBilling(mode, ThroughputMeta.ON_DEMAND).withIndexes(indexes);
  }

  private TableMeta updateStream(
      TableMeta meta, Optional<StreamSpecification> spec, long now, long nextSequence) {
    if (spec.isEmpty()) {
      return meta;
    }
    StreamSpecification s = spec.get();
    TableDefinitionRules.checkStream(s);
    if (s.streamEnabled()) {
      if (meta.streamEnabled()) {
        throw new ValidationException(
            "Table already has an enabled stream: TableName: " + meta.name());
      }
      StreamViewType view = s.streamViewType().get();
      // Writes that see the new definition allocate sequences after this one: the new stream's
      // records start here.
      return meta.withStream(
          true, view, ControlPlane.LABEL.format(Instant.ofEpochMilli(now)), nextSequence);
    }
    if (!meta.streamEnabled()) {
      throw new ValidationException("Table has no stream to disable: TableName: " + meta.name());
    }
    return meta.withStream(false, null, meta.streamLabel(), meta.streamStartSequence());
  }

  private IndexMeta addIndex(TableMeta meta, UpdateTableRequest r, GlobalSecondaryIndex g) {
    TableDefinitionRules.checkGlobalIndex(g, r.billingMode().orElse(meta.billingMode()));
    if (meta.index(g.indexName()).isPresent()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Index with name "
              + g.indexName()
              + " already exists");
    }
    if (meta.indexes(true).size() >= TableDefinitionRules.MAX_GSIS) {
      throw new LimitExceededException(
          "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the"
              + " per-table limit of "
              + TableDefinitionRules.MAX_GSIS);
    }
    // as in DynamoDB, the request defines every key attribute of a new index, even a table key
    Map<String, ScalarAttributeType> types =
        TableDefinitionRules.definitions(r.attributeDefinitions());
    for (var e : g.keySchema()) {
      ScalarAttributeType declared = types.get(e.attributeName());
      if (declared == null) {
        throw new ValidationException(
            "One or more parameter values were invalid: Some index key attributes are not defined"
                + " in AttributeDefinitions. Keys: ["
                + e.attributeName()
                + "], AttributeDefinitions: "
                + new TreeSet<>(types.keySet()));
      }
      ScalarAttributeType existing = meta.attributeTypes().get(e.attributeName());
      if (existing != null && existing != declared) {
        throw TableDefinitionRules.redefined(meta, e.attributeName(), g.keySchema(), types);
      }
    }
    return TableDefinitionRules.indexMeta(
        g.indexName(),
        ctx.catalog.allocateIds(1),
        true,
        g.keySchema(),
        g.projection(),
        g.provisionedThroughput(),
        TableStatus.CREATING,
        true);
  }

  static IndexMeta globalIndex(TableMeta meta, String name) {
    IndexMeta index =
        meta.index(name)
            .orElseThrow(
                () ->
                    new ResourceNotFoundException(
                        "Requested resource not found: Index: " + name + " not found"));
    if (!index.global()) {
      throw new ValidationException(
          "Local secondary index " + name + " cannot be updated or deleted");
    }
    return index;
  }
}

package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.LimitExceededException;
import dev.tributary.engine.ResourceInUseException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.internal.capacity.AutoScaler;
import dev.tributary.engine.internal.capacity.ScalableDimension;
import dev.tributary.engine.internal.capacity.ScalingEvent;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CapacityDimension;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.LocalSecondaryIndex;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import dev.tributary.engine.model.TableStatus;
import dev.tributary.engine.model.TimeToLiveDescription;
import dev.tributary.engine.model.UpdateTableRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CreateTable, DescribeTable, UpdateTable (with online GSI backfill), DeleteTable, ListTables and
 * the TTL settings. Definition changes are serialized by one lock; data changes never wait on it.
 */
public final class ControlPlane {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final int BACKFILL_CHUNK = 256;

  private final EngineContext ctx;
  private final Executor background;
  private final Describer describer;

  ControlPlane(EngineContext ctx, Executor background) {
    this.ctx = ctx;
    this.background = background;
    this.describer = new Describer(ctx);
    ctx.onScaling(this::applyScaling);
  }

  // ---- auto scaling ----------------------------------------------------------------------

  /** Registers (or replaces) a target-tracking policy on a PROVISIONED table or one of its GSIs. */
  public synchronized void putScalingPolicy(
      String tableName, Optional<String> indexName, CapacityDimension dimension, AutoScalingPolicy policy) {
    TableRuntime t = ctx.activeTable(tableName);
    TableMeta meta = t.meta();
    if (meta.billingMode() != BillingMode.PROVISIONED) {
      throw new ValidationException(
          "Auto scaling needs a PROVISIONED table; table " + tableName + " is PAY_PER_REQUEST");
    }
    indexName.ifPresent(i -> globalIndex(meta, i));
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
    registerScaling(t);
  }

  public synchronized void deleteScalingPolicy(
      String tableName, Optional<String> indexName, CapacityDimension dimension) {
    TableRuntime t = ctx.activeTable(tableName);
    TableMeta meta = t.meta();
    List<ScalingMeta> policies = new ArrayList<>();
    for (ScalingMeta sm : meta.scaling()) {
      if (!sm.sameTarget(indexName.orElse(null), dimension)) {
        policies.add(sm);
      }
    }
    if (policies.size() == meta.scaling().size()) {
      throw new dev.tributary.engine.ResourceNotFoundException(
          "No scaling policy for " + tableName + indexName.map(i -> "/index/" + i).orElse("") + " " + dimension);
    }
    ctx.scaler.deregister(resourceId(meta.name(), indexName.orElse(null)), ScalableDimension.valueOf(dimension.name()));
    TableMeta changed = meta.withScaling(policies);
    ctx.catalog.save(changed);
    t.meta(changed);
    registerScaling(t);
  }

  /** (Re)registers a table's policies with its current capacity and wires them into metering. */
  private void registerScaling(TableRuntime t) {
    TableMeta meta = t.meta();
    for (ScalingMeta sm : meta.scaling()) {
      ThroughputMeta tm =
          sm.indexName() == null
              ? meta.throughput()
              : meta.index(sm.indexName()).map(IndexMeta::throughput).orElse(ThroughputMeta.ON_DEMAND);
      long current = sm.dimension() == CapacityDimension.READ ? tm.readUnits() : tm.writeUnits();
      if (meta.billingMode() == BillingMode.PROVISIONED && current > 0) {
        ctx.scaler.register(
            resourceId(meta.name(), sm.indexName()),
            ScalableDimension.valueOf(sm.dimension().name()),
            sm.policy(),
            current);
      } else {
        ctx.scaler.deregister(resourceId(meta.name(), sm.indexName()), ScalableDimension.valueOf(sm.dimension().name()));
      }
    }
    ctx.metering.configure(t);
  }

  private static String resourceId(String table, String index) {
    return index == null ? AutoScaler.tableResourceId(table) : AutoScaler.indexResourceId(table, index);
  }

  /** Applies an auto-scaling decision to the table's (or GSI's) provisioned throughput. */
  private synchronized void applyScaling(ScalingEvent e) {
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
      meta = meta.withBilling(meta.billingMode(), tm.changedTo(
          read ? e.newCapacity() : tm.readUnits(), read ? tm.writeUnits() : e.newCapacity(), now));
    } else {
      Optional<IndexMeta> index = meta.index(parts[3]);
      if (index.isEmpty()) {
        return;
      }
      ThroughputMeta tm = index.get().throughput();
      meta = meta.withIndex(index.get().withThroughput(tm.changedTo(
          read ? e.newCapacity() : tm.readUnits(), read ? tm.writeUnits() : e.newCapacity(), now)));
    }
    ctx.catalog.save(meta);
    t.meta(meta);
    ctx.metering.configure(t);
    log.info("Auto scaling set {} {} capacity from {} to {}", e.resourceId(), e.dimension(), e.oldCapacity(), e.newCapacity());
  }

  /** Evaluates every auto-scaling policy now; returns how many capacities changed. */
  public int runAutoScaling() {
    return ctx.scaler.tick().size();
  }

  public synchronized TableDescription create(CreateTableRequest r) {
    Map<String, ScalarAttributeType> types = TableDefinitionRules.checkCreate(r);
    if (ctx.tables.containsKey(r.tableName())) {
      throw new ResourceInUseException("Table already exists: " + r.tableName());
    }
    int indexCount = r.globalSecondaryIndexes().size() + r.localSecondaryIndexes().size();
    int id = ctx.catalog.allocateIds(1 + indexCount);
    List<IndexMeta> indexes = new ArrayList<>();
    int uid = id + 1;
    for (GlobalSecondaryIndex g : r.globalSecondaryIndexes()) {
      indexes.add(
          TableDefinitionRules.indexMeta(
              g.indexName(), uid++, true, g.keySchema(), g.projection(),
              g.provisionedThroughput(), TableStatus.ACTIVE, false));
    }
    for (LocalSecondaryIndex l : r.localSecondaryIndexes()) {
      indexes.add(
          TableDefinitionRules.indexMeta(
              l.indexName(), uid++, false, l.keySchema(), l.projection(), Optional.empty(),
              TableStatus.ACTIVE, false));
    }
    long now = ctx.nowMillis();
    boolean stream = r.streamSpecification().map(StreamSpecification::streamEnabled).orElse(false);
    TableMeta meta =
        new TableMeta(
            r.tableName(),
            id,
            now,
            TableStatus.ACTIVE,
            r.keySchema().get(0).attributeName(),
            r.keySchema().size() > 1 ? r.keySchema().get(1).attributeName() : null,
            types,
            r.billingMode(),
            r.provisionedThroughput()
                .map(t -> ThroughputMeta.of(t.readCapacityUnits(), t.writeCapacityUnits()))
                .orElse(ThroughputMeta.ON_DEMAND),
            indexes,
            stream,
            stream ? r.streamSpecification().get().streamViewType().get() : null,
            stream ? LABEL.format(Instant.ofEpochMilli(now)) : null,
            null,
            List.of(),
            1);
    ctx.catalog.save(meta);
    TableRuntime runtime = new TableRuntime(meta, 0, ctx.region, ctx.account);
    ctx.tables.put(meta.name(), runtime);
    ctx.metering.configure(runtime);
    log.info("Created table {} (id {})", meta.name(), id);
    return describer.describe(runtime).withStatus(TableStatus.CREATING);
  }

  public TableDescription describe(String tableName) {
    return describer.describe(ctx.table(tableName));
  }

  public ListTablesResponse list(Optional<String> exclusiveStart, OptionalInt limit) {
    int max = limit.orElse(100);
    if (max < 1 || max > 100) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + max
              + "' at 'limit' failed to satisfy constraint: Member must have value less than or"
              + " equal to 100 and greater than or equal to 1");
    }
    TreeSet<String> names = new TreeSet<>(ctx.tables.keySet());
    List<String> page = new ArrayList<>();
    for (String n : exclusiveStart.isPresent() ? names.tailSet(exclusiveStart.get(), false) : names) {
      if (page.size() == max) {
        return new ListTablesResponse(page, Optional.of(page.get(page.size() - 1)));
      }
      page.add(n);
    }
    return new ListTablesResponse(page, Optional.empty());
  }

  public synchronized TableDescription update(UpdateTableRequest r) {
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
                  index.throughput().changedTo(
                      u.throughput().readCapacityUnits(), u.throughput().writeCapacityUnits(), now)));
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
    registerScaling(t);
    if (created != null) {
      IndexMeta index = created;
      background.execute(() -> backfill(t, index));
    }
    if (dropped != null) {
      IndexMeta index = dropped;
      background.execute(() -> dropIndex(t, index));
    }
    TableDescription d = describer.describe(t);
    return created != null || dropped != null ? d.withStatus(TableStatus.UPDATING) : d;
  }

  /** Switching to PROVISIONED needs a throughput for every GSI, as in DynamoDB. */
  private static void requireIndexThroughputWhenProvisioning(TableMeta meta, UpdateTableRequest r) {
    if (meta.billingMode() == BillingMode.PROVISIONED
        || r.billingMode().orElse(meta.billingMode()) != BillingMode.PROVISIONED) {
      return;
    }
    for (IndexMeta i : meta.indexes(true)) {
      boolean given =
          r.updateIndexes().stream().anyMatch(u -> u.indexName().equals(i.name()));
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
          pt.map(p -> meta.throughput().changedTo(p.readCapacityUnits(), p.writeCapacityUnits(), now))
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
      return meta.withStream(true, view, LABEL.format(Instant.ofEpochMilli(now)), nextSequence);
    }
    if (!meta.streamEnabled()) {
      throw new ValidationException(
          "Table has no stream to disable: TableName: " + meta.name());
    }
    return meta.withStream(false, null, meta.streamLabel(), meta.streamStartSequence());
  }

  private IndexMeta addIndex(TableMeta meta, UpdateTableRequest r, GlobalSecondaryIndex g) {
    TableDefinitionRules.checkGlobalIndex(g, r.billingMode().orElse(meta.billingMode()));
    if (meta.index(g.indexName()).isPresent()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Index with name " + g.indexName() + " already exists");
    }
    if (meta.indexes(true).size() >= TableDefinitionRules.MAX_GSIS) {
      throw new LimitExceededException(
          "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the"
              + " per-table limit of "
              + TableDefinitionRules.MAX_GSIS);
    }
    // as in DynamoDB, the request defines every key attribute of a new index, even a table key
    Map<String, ScalarAttributeType> types = TableDefinitionRules.definitions(r.attributeDefinitions());
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
        g.indexName(), ctx.catalog.allocateIds(1), true, g.keySchema(), g.projection(),
        g.provisionedThroughput(), TableStatus.CREATING, true);
  }

  private static IndexMeta globalIndex(TableMeta meta, String name) {
    IndexMeta index =
        meta.index(name)
            .orElseThrow(
                () ->
                    new dev.tributary.engine.ResourceNotFoundException(
                        "Requested resource not found: Index: " + name + " not found"));
    if (!index.global()) {
      throw new ValidationException("Local secondary index " + name + " cannot be updated or deleted");
    }
    return index;
  }

  /**
   * Builds a new index from the table's items while writes go on. Writes already maintain the
   * CREATING index; the backfill locks each chunk of items, re-reads them and writes their
   * entries, so an entry always reflects the latest committed item.
   */
  private void backfill(TableRuntime t, IndexMeta index) {
    try {
      byte[] start = StorageKeys.ownerStart(t.meta().id());
      byte[] end = StorageKeys.ownerEnd(t.meta().id());
      long count = 0;
      while (start != null) {
        List<byte[]> keys = new ArrayList<>(BACKFILL_CHUNK);
        try (ReadOptions ro = new ReadOptions();
            RocksIterator it = ctx.store.iterator(Keyspace.ITEMS, ro)) {
          for (it.seek(start); it.isValid() && keys.size() < BACKFILL_CHUNK; it.next()) {
            if (java.util.Arrays.compareUnsigned(it.key(), end) >= 0) {
              break;
            }
            keys.add(it.key());
          }
        }
        start = keys.size() < BACKFILL_CHUNK ? null : java.util.Arrays.copyOf(keys.get(keys.size() - 1), keys.get(keys.size() - 1).length + 1);
        List<ItemLocks.Held> held = new ArrayList<>();
        try (ChangeBatch batch = new ChangeBatch(ctx.store)) {
          for (byte[] k : keys) {
            held.add(ctx.locks.lock(k));
            Map<String, AttributeValue> item = ctx.readItem(k);
            if (item != null) {
              batch.stageIndexEntry(t.meta(), index, item);
              count++;
            }
          }
          batch.commit();
        } finally {
          for (ItemLocks.Held h : held) {
            h.close();
          }
        }
      }
      synchronized (this) {
        TableMeta now = t.meta();
        now.index(index.name())
            .ifPresent(
                i -> {
                  TableMeta done = now.withIndex(i.withStatus(TableStatus.ACTIVE, false));
                  ctx.catalog.save(done);
                  t.meta(done);
                });
      }
      log.info("Index {} of table {} is ACTIVE after backfilling {} items", index.name(), t.meta().name(), count);
    } catch (RuntimeException e) {
      log.error("Backfill of index {} on table {} failed", index.name(), t.meta().name(), e);
    }
  }

  private void dropIndex(TableRuntime t, IndexMeta index) {
    ctx.store.deleteRange(Keyspace.INDEXES, StorageKeys.ownerStart(index.uid()), StorageKeys.ownerEnd(index.uid()));
    Counters.clear(ctx.store, index.uid());
    synchronized (this) {
      TableMeta meta = t.meta();
      List<IndexMeta> rest = new ArrayList<>();
      for (IndexMeta i : meta.indexes()) {
        if (!i.name().equals(index.name())) {
          rest.add(i);
        }
      }
      TableMeta done = meta.withIndexes(rest);
      ctx.catalog.save(done);
      t.meta(done);
    }
    log.info("Index {} of table {} deleted", index.name(), t.meta().name());
  }

  public synchronized TableDescription delete(String tableName) {
    TableRuntime t = ctx.table(tableName);
    TableMeta meta = t.meta();
    if (meta.status() == TableStatus.DELETING) {
      throw new ResourceInUseException("Attempt to change a resource which is still in use: Table is being deleted: " + tableName);
    }
    TableDescription before = describer.describe(t);
    t.meta(meta.withStatus(TableStatus.DELETING));
    ctx.catalog.remove(tableName);
    ctx.tables.remove(tableName);
    for (Keyspace k : new Keyspace[] {Keyspace.ITEMS, Keyspace.CHANGELOG, Keyspace.TTL}) {
      ctx.store.deleteRange(k, StorageKeys.ownerStart(meta.id()), StorageKeys.ownerEnd(meta.id()));
    }
    for (IndexMeta i : meta.indexes()) {
      ctx.store.deleteRange(Keyspace.INDEXES, StorageKeys.ownerStart(i.uid()), StorageKeys.ownerEnd(i.uid()));
      Counters.clear(ctx.store, i.uid());
    }
    Counters.clear(ctx.store, meta.id());
    for (ScalingMeta sm : meta.scaling()) {
      ctx.scaler.deregister(resourceId(meta.name(), sm.indexName()), ScalableDimension.valueOf(sm.dimension().name()));
    }
    ctx.metering.forget(t);
    t.gate.wakeAll();
    log.info("Deleted table {}", tableName);
    return before.withStatus(TableStatus.DELETING);
  }

  // ---- TTL -------------------------------------------------------------------------------

  public synchronized void updateTimeToLive(String tableName, boolean enabled, String attributeName) {
    TableRuntime t = ctx.activeTable(tableName);
    TableMeta meta = t.meta();
    if (attributeName == null || attributeName.isEmpty()) {
      throw new ValidationException(
          "1 validation error detected: Value null at 'timeToLiveSpecification.attributeName'"
              + " failed to satisfy constraint: Member must not be null");
    }
    if (enabled) {
      if (meta.ttlAttribute() != null) {
        throw new ValidationException("TimeToLive is already enabled");
      }
      TableMeta changed = meta.withTtl(attributeName);
      ctx.catalog.save(changed);
      t.meta(changed);
      background.execute(() -> indexExpiries(t));
    } else {
      if (meta.ttlAttribute() == null) {
        throw new ValidationException("TimeToLive is already disabled");
      }
      if (!meta.ttlAttribute().equals(attributeName)) {
        throw new ValidationException(
            "TimeToLive is active on a different AttributeName: current AttributeName is "
                + meta.ttlAttribute());
      }
      TableMeta changed = meta.withTtl(null);
      ctx.catalog.save(changed);
      t.meta(changed);
      ctx.store.deleteRange(Keyspace.TTL, StorageKeys.ownerStart(meta.id()), StorageKeys.ownerEnd(meta.id()));
    }
  }

  public TimeToLiveDescription describeTimeToLive(String tableName) {
    TableMeta meta = ctx.table(tableName).meta();
    return meta.ttlAttribute() == null
        ? new TimeToLiveDescription("DISABLED", Optional.empty())
        : new TimeToLiveDescription("ENABLED", Optional.of(meta.ttlAttribute()));
  }

  /**
   * Writes TTL entries for items that existed before TTL was enabled. Unlocked on purpose: the
   * sweeper re-checks every entry against the item under its lock, and writes after enabling
   * maintain entries themselves.
   */
  private void indexExpiries(TableRuntime t) {
    TableMeta meta = t.meta();
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = ctx.store.iterator(Keyspace.ITEMS, ro);
        ChangeBatch batch = new ChangeBatch(ctx.store)) {
      byte[] end = StorageKeys.ownerEnd(meta.id());
      for (it.seek(StorageKeys.ownerStart(meta.id())); it.isValid(); it.next()) {
        if (java.util.Arrays.compareUnsigned(it.key(), end) >= 0) {
          break;
        }
        batch.stageTtlEntry(meta, it.key(), ItemCodec.decode(it.value()));
      }
      batch.commit();
    } catch (RuntimeException e) {
      log.error("Indexing expiry times of table {} failed", meta.name(), e);
    }
  }

  /** Opens the tables the catalog holds, resuming their change-log sequences. */
  void openAll(ChangeLogs changeLogs) {
    for (TableMeta meta : ctx.catalog.loadAll()) {
      TableRuntime t = new TableRuntime(meta, changeLogs.lastSequence(meta.id()), ctx.region, ctx.account);
      ctx.tables.put(meta.name(), t);
      registerScaling(t);
      for (IndexMeta i : meta.indexes()) {
        if (i.status() == TableStatus.CREATING) {
          background.execute(() -> backfill(t, i));
        } else if (i.status() == TableStatus.DELETING) {
          background.execute(() -> dropIndex(t, i));
        }
      }
    }
  }
}

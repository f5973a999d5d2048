package dev.tributary.engine.internal;

import dev.tributary.engine.ResourceInUseException;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.CapacityDimension;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.LocalSecondaryIndex;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's table definitions: CreateTable, DescribeTable, ListTables and DeleteTable here;
 * UpdateTable ({@link TableUpdates}), GSI backfills and drops ({@link IndexJobs}), TTL settings
 * ({@link TimeToLiveSettings}) and auto-scaling policies ({@link ScalingPolicies}) in their own
 * classes. Definition changes are serialized by one lock; data changes never wait on it.
 */
public final class ControlPlane {
  private static final Logger log = LoggerFactory.getLogger(ControlPlane.class);
  static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private final EngineContext ctx;

  /** Serializes definition changes, here and in the classes this one delegates to. */
  private final Object lock = new Object();

  private final Describer describer;
  private final ScalingPolicies scaling;
  final IndexJobs indexJobs;
  private final TableUpdates updates;
  final TimeToLiveSettings ttl;

  ControlPlane(EngineContext ctx, Executor background) {
    this.ctx = ctx;
    this.describer = new Describer(ctx);
    this.scaling = new ScalingPolicies(ctx, lock);
    this.indexJobs = new IndexJobs(ctx, lock, background);
    this.updates = new TableUpdates(ctx, lock, describer, scaling, indexJobs);
    this.ttl = new TimeToLiveSettings(ctx, lock, background);
  }

  // ---- auto scaling ----------------------------------------------------------------------

  /** Registers (or replaces) a target-tracking policy on a PROVISIONED table or one of its GSIs. */
  public void putScalingPolicy(
      String tableName,
      Optional<String> indexName,
      CapacityDimension dimension,
      AutoScalingPolicy policy) {
    scaling.putScalingPolicy(tableName, indexName, dimension, policy);
  }

  public void deleteScalingPolicy(
      String tableName, Optional<String> indexName, CapacityDimension dimension) {
    scaling.deleteScalingPolicy(tableName, indexName, dimension);
  }

  /** Evaluates every auto-scaling policy now; returns how many capacities changed. */
  public int runAutoScaling() {
    return scaling.runAutoScaling();
  }

  // ---- tables ----------------------------------------------------------------------------

  public TableDescription create(CreateTableRequest r) {
    synchronized (lock) {
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
                g.indexName(),
                uid++,
                true,
                g.keySchema(),
                g.projection(),
                g.provisionedThroughput(),
                TableStatus.ACTIVE,
                false));
      }
      for (LocalSecondaryIndex l : r.localSecondaryIndexes()) {
        indexes.add(
            TableDefinitionRules.indexMeta(
                l.indexName(),
                uid++,
                false,
                l.keySchema(),
                l.projection(),
                Optional.empty(),
                TableStatus.ACTIVE,
                false));
      }
      long now = ctx.nowMillis();
      boolean stream =
          r.streamSpecification().map(StreamSpecification::streamEnabled).orElse(false);
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
              1,
              List.of());
      ctx.catalog.save(meta);
      TableRuntime runtime = new TableRuntime(meta, 0, ctx.region, ctx.account);
      ctx.tables.put(meta.name(), runtime);
      ctx.metering.configure(runtime);
      log.info("Created table {} (id {})", meta.name(), id);
      return describer.describe(runtime).withStatus(TableStatus.CREATING);
    }
  }

  public TableDescription describe(String tableName) {
    return describer.describe(ctx.table(tableName));
  }

  public ListTablesResponse list(Optional<String> exclusiveStart, OptionalInt limit) {
    int max = limit.orElse(100);
    Constraints.requireValue("limit", max, 100);
    TreeSet<String> names = new TreeSet<>(ctx.tables.keySet());
    List<String> page = new ArrayList<>();
    for (String n :
        exclusiveStart.isPresent() ? names.tailSet(exclusiveStart.get(), false) : names) {
      if (page.size() == max) {
        return new ListTablesResponse(page, Optional.of(page.get(page.size() - 1)));
      }
      page.add(n);
    }
    return new ListTablesResponse(page, Optional.empty());
  }

  public TableDescription update(UpdateTableRequest r) {
    return updates.update(r);
  }

  public TableDescription delete(String tableName) {
    synchronized (lock) {
      TableRuntime t = ctx.table(tableName);
      TableMeta meta = t.meta();
      if (meta.status() == TableStatus.DELETING) {
        throw new ResourceInUseException(
            "Attempt to change a resource which is still in use: Table is being deleted: "
                + tableName);
      }
      TableDescription before = describer.describe(t);
      t.meta(meta.withStatus(TableStatus.DELETING));
      ctx.catalog.remove(tableName);
      ctx.tables.remove(tableName);
      for (Keyspace k : new Keyspace[] {Keyspace.ITEMS, Keyspace.CHANGELOG, Keyspace.TTL}) {
        ctx.store.deleteRange(
            k, StorageKeys.ownerStart(meta.id()), StorageKeys.ownerEnd(meta.id()));
      }
      for (IndexMeta i : meta.indexes()) {
        ctx.store.deleteRange(
            Keyspace.INDEXES, StorageKeys.ownerStart(i.uid()), StorageKeys.ownerEnd(i.uid()));
        Counters.clear(ctx.store, i.uid());
      }
      Counters.clear(ctx.store, meta.id());
      scaling.deregisterAll(meta);
      ctx.metering.forget(t);
      t.gate.wakeAll();
      log.info("Deleted table {}", tableName);
      return before.withStatus(TableStatus.DELETING);
    }
  }

  // ---- TTL -------------------------------------------------------------------------------

  public void updateTimeToLive(String tableName, boolean enabled, String attributeName) {
    ttl.update(tableName, enabled, attributeName);
  }

  public TimeToLiveDescription describeTimeToLive(String tableName) {
    return ttl.describe(tableName);
  }

  /** Opens the tables the catalog holds, resuming their change-log sequences. */
  void openAll(ChangeLogs changeLogs) {
    for (TableMeta meta : ctx.catalog.loadAll()) {
      TableRuntime t =
          new TableRuntime(meta, changeLogs.lastSequence(meta.id()), ctx.region, ctx.account);
      ctx.tables.put(meta.name(), t);
      scaling.register(t);
      for (IndexMeta i : meta.indexes()) {
        if (i.status() == TableStatus.CREATING) {
          indexJobs.backfillLater(t, i);
        } else if (i.status() == TableStatus.DELETING) {
          indexJobs.dropLater(t, i);
        }
      }
    }
  }
}

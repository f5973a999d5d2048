package dev.tributary.engine.internal;

import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TableSnapshot;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the engine's parts over one store and runs its background work: TTL sweeps, change-log
 * retention, token expiry, and index backfills (on their own thread, so a long backfill never
 * delays a sweep).
 */
public final class EngineCore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EngineCore.class);

  private final EngineContext ctx;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService backfills;
  private final ControlPlane control;
  private final ItemOperations items;
  private final Reads reads;
  private final Batches batches;
  private final Transactions transactions;
  private final Tags tags;
  private final TableSettingsStore settings;
  private final ChangeLogs changeLogs;
  private final TableSnapshots snapshots;
  private final TtlSweeper ttl;

  public EngineCore(EngineOptions options) {
    Store store =
        new Store(options.dataDirectory(), options.syncWrites(), options.blockCacheBytes());
    this.ctx = new EngineContext(store, options.clock(), options.region(), options.accountId());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tributary-engine-maintenance"));
    this.backfills = Executors.newSingleThreadExecutor(r -> daemon(r, "tributary-engine-backfill"));
    this.control = new ControlPlane(ctx, backfills);
    this.items = new ItemOperations(ctx);
    this.reads = new Reads(ctx);
    this.batches = new Batches(ctx, items);
    this.transactions = new Transactions(ctx);
    this.tags = new Tags(ctx);
    this.settings = new TableSettingsStore(ctx);
    ctx.metering.settingsSource(settings::byId);
    this.changeLogs = new ChangeLogs(ctx);
    this.snapshots = new TableSnapshots(ctx);
    this.ttl = new TtlSweeper(ctx);
    control.openAll(changeLogs);
    long sweepMillis = options.ttlSweepInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        guard("TTL sweep", () -> ttl.sweep()), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    long maintenanceMillis = options.maintenanceInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        guard(
            "maintenance",
            () -> {
              options.changeLogRetention().ifPresent(changeLogs::trim);
              transactions.expireTokens();
            }),
        maintenanceMillis,
        maintenanceMillis,
        TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        guard("auto scaling", control::runAutoScaling), 10, 10, TimeUnit.SECONDS);
    log.info(
        "Table engine open at {} ({} tables, sync writes {})",
        options.dataDirectory(),
        ctx.tables.size(),
        options.syncWrites() ? "on" : "off");
  }

  // ---- the parts TributaryEngine delegates to ----------------------------------------------

  /** Tables: create, describe, update, delete, list, TTL and auto scaling. */
  public ControlPlane control() {
    return control;
  }

  /** PutItem, GetItem, UpdateItem and DeleteItem. */
  public ItemOperations items() {
    return items;
  }

  /** Query and Scan. */
  public Reads reads() {
    return reads;
  }

  /** BatchGetItem and BatchWriteItem. */
  public Batches batches() {
    return batches;
  }

  /** TransactWriteItems and TransactGetItems. */
  public Transactions transactions() {
    return transactions;
  }

  /** Tables' tags. */
  public Tags tags() {
    return tags;
  }

  /** Tables' settings that change no data (deletion protection, throughput limits). */
  public TableSettingsStore settings() {
    return settings;
  }

  public ChangeStream changeStream(String tableName) {
    return changeLogs.stream(tableName);
  }

  public TableSnapshot snapshot(String tableName) {
    return snapshots.take(tableName);
  }

  /** Runs one TTL sweep now; returns how many items expired. */
  public long sweepExpiredItems() {
    return ttl.sweep();
  }

  /** Trims change records older than {@code retention} now; returns how many went. */
  public long trimChangeLogs(Duration retention) {
    return changeLogs.trim(retention);
  }

  private static Runnable guard(String what, Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("Background {} failed; it will run again", what, e);
      }
    };
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    backfills.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
      backfills.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (TableRuntime t : ctx.tables.values()) {
      t.gate.wakeAll();
    }
    ctx.store.close();
    log.info("Table engine closed");
  }
}

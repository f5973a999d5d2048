package dev.tributary.engine;

import dev.tributary.engine.internal.EngineCore;
import dev.tributary.engine.model.AutoScalingPolicy;
import dev.tributary.engine.model.BatchGetItemResponse;
import dev.tributary.engine.model.BatchWriteItemResponse;
import dev.tributary.engine.model.CapacityDimension;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GetItemResponse;
import dev.tributary.engine.model.KeysAndAttributes;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.TableDescription;
import dev.tributary.engine.model.TableSettings;
import dev.tributary.engine.model.TimeToLiveDescription;
import dev.tributary.engine.model.TransactGet;
import dev.tributary.engine.model.TransactGetItemsResponse;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.TransactWriteItemsResponse;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.UpdateTableRequest;
import dev.tributary.engine.model.WriteItemResponse;
import dev.tributary.engine.model.WriteRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The table engine: DynamoDB's data model and API on RocksDB, with a change log written in the same
 * atomic batch as every item. Thread-safe; open one per data directory and share it.
 *
 * <pre>{@code
 * try (TributaryEngine engine = TributaryEngine.open(EngineOptions.builder(dir).build())) {
 *   engine.createTable(CreateTableRequest.builder("Orders")
 *       .partitionKey("customerId", ScalarAttributeType.S)
 *       .sortKey("orderDate", ScalarAttributeType.S)
 *       .stream(StreamViewType.NEW_AND_OLD_IMAGES)
 *       .build());
 *   engine.putItem(PutItemRequest.of("Orders", item));
 * }
 * }</pre>
 *
 * Errors are {@link DynamoDbException}s named and worded as DynamoDB's.
 */
public final class TributaryEngine implements AutoCloseable {
  /** The engine's lifecycle; changed only by compare-and-set. */
  public enum State {
    OPEN,
    CLOSING,
    CLOSED
  }

  private final EngineCore core;
  private final Path dataDirectory;
  private final boolean syncWrites;
  private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

  private TributaryEngine(EngineCore core, Path dataDirectory, boolean syncWrites) {
    this.core = core;
    this.dataDirectory = dataDirectory;
    this.syncWrites = syncWrites;
  }

  /**
   * Whether each write is fsynced before it is acknowledged ({@link EngineOptions#syncWrites()}).
   */
  public boolean syncWrites() {
    return syncWrites;
  }

  /** The directory this engine keeps its data in. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Opens (or creates) the engine's store; tables and change logs persist across opens. */
  public static TributaryEngine open(EngineOptions options) {
    Objects.requireNonNull(options, "options");
    return new TributaryEngine(
        new EngineCore(options), options.dataDirectory(), options.syncWrites());
  }

  public State state() {
    return state.get();
  }

  private EngineCore core() {
    State s = state.get();
    if (s != State.OPEN) {
      throw new IllegalStateException("The engine is " + s + ", not OPEN");
    }
    return core;
  }

  // ---- control plane ---------------------------------------------------------------------

  public TableDescription createTable(CreateTableRequest request) {
    return core().control().create(Objects.requireNonNull(request, "request"));
  }

  public TableDescription describeTable(String tableName) {
    return core().control().describe(Objects.requireNonNull(tableName, "tableName"));
  }

  public TableDescription updateTable(UpdateTableRequest request) {
    return core().control().update(Objects.requireNonNull(request, "request"));
  }

  public TableDescription deleteTable(String tableName) {
    Objects.requireNonNull(tableName, "tableName");
    if (core().settings().get(tableName).deletionProtectionEnabled()) {
      throw new ValidationException(DELETION_PROTECTED);
    }
    return core().control().delete(tableName);
  }

  /** DynamoDB's message for DeleteTable on a table with deletion protection enabled. */
  public static final String DELETION_PROTECTED =
      "Resource cannot be deleted as it is currently protected against deletion. "
          + "Disable deletion protection first.";

  /**
   * A table's settings that change no data: deletion protection (while enabled, {@link
   * #deleteTable} is refused), on-demand maximum throughput and warm throughput.
   */
  public TableSettings tableSettings(String tableName) {
    return core().settings().get(Objects.requireNonNull(tableName, "tableName"));
  }

  /** Changes a table's settings, as CreateTable / UpdateTable do; persisted with the table. */
  public TableSettings updateTableSettings(String tableName, UnaryOperator<TableSettings> change) {
    return core()
        .settings()
        .update(
            Objects.requireNonNull(tableName, "tableName"),
            Objects.requireNonNull(change, "change"));
  }

  /**
   * One page of table names after {@code exclusiveStartTableName}, at most {@code limit} (1-100).
   */
  public ListTablesResponse listTables(
      Optional<String> exclusiveStartTableName, OptionalInt limit) {
    return core().control().list(exclusiveStartTableName, limit);
  }

  public ListTablesResponse listTables() {
    return listTables(Optional.empty(), OptionalInt.empty());
  }

  public void updateTimeToLive(String tableName, boolean enabled, String attributeName) {
    core()
        .control()
        .updateTimeToLive(Objects.requireNonNull(tableName, "tableName"), enabled, attributeName);
  }

  public TimeToLiveDescription describeTimeToLive(String tableName) {
    return core().control().describeTimeToLive(Objects.requireNonNull(tableName, "tableName"));
  }

  // ---- tags ------------------------------------------------------------------------------

  /**
   * Adds or replaces tags on a table, as TagResource does; persisted, and dropped with the table.
   * More than 50 tags is DynamoDB's ValidationException.
   */
  public void tagResource(String tableName, Map<String, String> tags) {
    core()
        .tags()
        .tag(
            Objects.requireNonNull(tableName, "tableName"),
            new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
  }

  /** Removes tags by key, as UntagResource does; unknown keys are ignored. */
  public void untagResource(String tableName, Collection<String> tagKeys) {
    core()
        .tags()
        .untag(
            Objects.requireNonNull(tableName, "tableName"),
            List.copyOf(Objects.requireNonNull(tagKeys, "tagKeys")));
  }

  /** A table's tags, as ListTagsOfResource lists them. */
  public Map<String, String> listTagsOfResource(String tableName) {
    return core().tags().list(Objects.requireNonNull(tableName, "tableName"));
  }

  // ---- auto scaling ----------------------------------------------------------------------

  /**
   * Attaches a target-tracking auto-scaling policy to a PROVISIONED table's (or GSI's) read or
   * write capacity, as {@code application-autoscaling put_scaling_policy} does.
   */
  public void putScalingPolicy(
      String tableName,
      Optional<String> indexName,
      CapacityDimension dimension,
      AutoScalingPolicy policy) {
    core()
        .control()
        .putScalingPolicy(
            Objects.requireNonNull(tableName, "tableName"),
            Objects.requireNonNull(indexName, "indexName"),
            Objects.requireNonNull(dimension, "dimension"),
            Objects.requireNonNull(policy, "policy"));
  }

  public void deleteScalingPolicy(
      String tableName, Optional<String> indexName, CapacityDimension dimension) {
    core()
        .control()
        .deleteScalingPolicy(
            Objects.requireNonNull(tableName, "tableName"),
            Objects.requireNonNull(indexName, "indexName"),
            Objects.requireNonNull(dimension, "dimension"));
  }

  /** Evaluates auto scaling now (it also runs every 10 s); returns how many capacities changed. */
  public int runAutoScaling() {
    return core().control().runAutoScaling();
  }

  // ---- items -----------------------------------------------------------------------------

  public WriteItemResponse putItem(PutItemRequest request) {
    return core().items().put(Objects.requireNonNull(request, "request"));
  }

  public GetItemResponse getItem(GetItemRequest request) {
    return core().items().get(Objects.requireNonNull(request, "request"));
  }

  public WriteItemResponse updateItem(UpdateItemRequest request) {
    return core().items().update(Objects.requireNonNull(request, "request"));
  }

  public WriteItemResponse deleteItem(DeleteItemRequest request) {
    return core().items().delete(Objects.requireNonNull(request, "request"));
  }

  /**
   * {@link #putItem} without waiting for durability: the future completes once the write is durable
   * (at once when writes are not fsynced; with fsync, together with other writes in one fsync, on
   * the engine's commit thread, so chain only short work to it) and fails with what {@code putItem}
   * would throw. No thread sleeps through the fsync: the DynamoDB endpoint uses it.
   */
  public CompletableFuture<WriteItemResponse> putItemAsync(PutItemRequest request) {
    Objects.requireNonNull(request, "request");
    return later(() -> core().items().putLater(request));
  }

  /** {@link #updateItem} without waiting for durability, as {@link #putItemAsync}. */
  public CompletableFuture<WriteItemResponse> updateItemAsync(UpdateItemRequest request) {
    Objects.requireNonNull(request, "request");
    return later(() -> core().items().updateLater(request));
  }

  /** {@link #deleteItem} without waiting for durability, as {@link #putItemAsync}. */
  public CompletableFuture<WriteItemResponse> deleteItemAsync(DeleteItemRequest request) {
    Objects.requireNonNull(request, "request");
    return later(() -> core().items().deleteLater(request));
  }

  private static <T> CompletableFuture<T> later(Supplier<CompletableFuture<T>> write) {
    try {
      return write.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  public PageResponse query(QueryRequest request) {
    return core().reads().query(Objects.requireNonNull(request, "request"));
  }

  public PageResponse scan(ScanRequest request) {
    return core().reads().scan(Objects.requireNonNull(request, "request"));
  }

  public BatchWriteItemResponse batchWriteItem(
      List<WriteRequest> requests, ReturnConsumedCapacity rcc) {
    return core().batches().write(Objects.requireNonNull(requests, "requests"), rcc);
  }

  public BatchWriteItemResponse batchWriteItem(List<WriteRequest> requests) {
    return batchWriteItem(requests, ReturnConsumedCapacity.NONE);
  }

  public BatchGetItemResponse batchGetItem(
      Map<String, KeysAndAttributes> requestItems, ReturnConsumedCapacity rcc) {
    return core().batches().get(Objects.requireNonNull(requestItems, "requestItems"), rcc);
  }

  public BatchGetItemResponse batchGetItem(Map<String, KeysAndAttributes> requestItems) {
    return batchGetItem(requestItems, ReturnConsumedCapacity.NONE);
  }

  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    return core().transactions().write(Objects.requireNonNull(request, "request"));
  }

  public TransactGetItemsResponse transactGetItems(
      List<TransactGet> gets, ReturnConsumedCapacity rcc) {
    return core().transactions().get(Objects.requireNonNull(gets, "gets"), rcc);
  }

  public TransactGetItemsResponse transactGetItems(List<TransactGet> gets) {
    return transactGetItems(gets, ReturnConsumedCapacity.NONE);
  }

  // ---- change log ------------------------------------------------------------------------

  /** The change log of a table (whether or not its stream is enabled now). */
  public ChangeStream changeStream(String tableName) {
    return core().changeStream(Objects.requireNonNull(tableName, "tableName"));
  }

  /**
   * A consistent read of the whole table with the change-log position it reflects, for backfills:
   * deliver {@link TableSnapshot#events()}, then the changes that {@link TableSnapshot#includes}
   * says are not in them. Close it when done; it pins a storage snapshot.
   */
  public TableSnapshot snapshot(String tableName) {
    return core().snapshot(Objects.requireNonNull(tableName, "tableName"));
  }

  /** Runs a TTL sweep now instead of waiting for the next one; returns the items it expired. */
  public long sweepExpiredItems() {
    return core().sweepExpiredItems();
  }

  /** Applies change-log retention now; returns the number of records trimmed. */
  public long trimChangeLogs(Duration retention) {
    return core().trimChangeLogs(Objects.requireNonNull(retention, "retention"));
  }

  @Override
  public void close() {
    if (state.compareAndSet(State.OPEN, State.CLOSING)) {
      try {
        core.close();
      } finally {
        state.set(State.CLOSED);
      }
    }
  }
}

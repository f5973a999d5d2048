package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.ProvisionedThroughputExceededException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.ProjectionExpression;
import dev.tributary.engine.model.BatchGetItemResponse;
import dev.tributary.engine.model.BatchWriteItemResponse;
import dev.tributary.engine.model.Capacity;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.KeysAndAttributes;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.WriteItemResponse;
import dev.tributary.engine.model.WriteRequest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * BatchWriteItem and BatchGetItem. Each write or read in a batch is applied on its own (a batch is
 * not a transaction); those refused for lack of provisioned capacity come back as unprocessed, and
 * only when every one is refused does the call fail, as in DynamoDB.
 */
public final class Batches {
  static final int MAX_WRITES = 25;
  static final int MAX_GETS = 100;
  static final long MAX_GET_RESPONSE_BYTES = 16L * 1024 * 1024;

  private final EngineContext ctx;
  private final ItemOperations items;

  Batches(EngineContext ctx, ItemOperations items) {
    this.ctx = ctx;
    this.items = items;
  }

  public BatchWriteItemResponse write(List<WriteRequest> requests, ReturnConsumedCapacity rcc) {
    Constraints.requireLength("requestItems", requests.size(), MAX_WRITES);
    Set<ByteBuffer> seen = new HashSet<>();
    for (WriteRequest w : requests) {
      TableMeta meta = ctx.activeTable(w.tableName()).meta();
      Map<String, AttributeValue> key =
          w instanceof WriteRequest.Put p
              ? KeyRules.keyOfBatchItem(meta, p.item())
              : KeyRules.checkKey(meta, ((WriteRequest.Delete) w).key());
      if (w instanceof WriteRequest.Put p) {
        IndexEntries.validate(meta, p.item());
      }
      if (!seen.add(ByteBuffer.wrap(KeyRules.storageKey(meta, key)))) {
        throw new ValidationException("Provided list of item keys contains duplicates");
      }
    }
    // Every write is handed to the store before any is awaited, so a durable batch shares one or
    // two fsyncs instead of waiting for one per item (the items are distinct, so are their locks).
    List<WriteRequest> unprocessed = new ArrayList<>();
    List<String> startedTables = new ArrayList<>();
    List<CompletableFuture<WriteItemResponse>> started = new ArrayList<>();
    try {
      for (WriteRequest w : requests) {
        try {
          started.add(start(w));
          startedTables.add(w.tableName());
        } catch (ProvisionedThroughputExceededException e) {
          unprocessed.add(w);
        }
      }
    } catch (RuntimeException | Error e) {
      // What was started still completes; answer only once it has, as when writes ran one by one.
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new))
          .exceptionally(x -> null)
          .join();
      throw e;
    }
    Map<String, ConsumedCapacity> units = new LinkedHashMap<>();
    for (int i = 0; i < started.size(); i++) {
      ConsumedCapacity cc = ItemOperations.await(started.get(i)).consumedCapacity().orElseThrow();
      units.merge(startedTables.get(i), cc, Batches::sum);
    }
    if (unprocessed.size() == requests.size()) {
      throw new ProvisionedThroughputExceededException(
          "The level of configured provisioned throughput for the table was exceeded. Consider"
              + " increasing your provisioning level with the UpdateTable API.");
    }
    List<ConsumedCapacity> reported = new ArrayList<>();
    if (rcc != ReturnConsumedCapacity.NONE) {
      units.forEach(
          (table, c) ->
              reported.add(
                  rcc == ReturnConsumedCapacity.INDEXES
                      ? c
                      : new ConsumedCapacity(
                          table,
                          c.capacityUnits(),
                          c.readCapacityUnits(),
                          c.writeCapacityUnits(),
                          Optional.empty(),
                          Map.of(),
                          Map.of())));
    }
    return new BatchWriteItemResponse(unprocessed, reported);
  }

  /** Two writes' capacity on one table, with the table's and each index's shares. */
  private static ConsumedCapacity sum(ConsumedCapacity a, ConsumedCapacity b) {
    return new ConsumedCapacity(
        a.tableName(),
        a.capacityUnits() + b.capacityUnits(),
        a.readCapacityUnits() + b.readCapacityUnits(),
        a.writeCapacityUnits() + b.writeCapacityUnits(),
        a.table().isPresent() || b.table().isPresent()
            ? Optional.of(sum(a.table().orElse(NO_UNITS), b.table().orElse(NO_UNITS)))
            : Optional.empty(),
        sum(a.globalSecondaryIndexes(), b.globalSecondaryIndexes()),
        sum(a.localSecondaryIndexes(), b.localSecondaryIndexes()));
  }

  private static final Capacity NO_UNITS = new Capacity(0, 0, 0);

  private static Capacity sum(Capacity a, Capacity b) {
    return new Capacity(
        a.readCapacityUnits() + b.readCapacityUnits(),
        a.writeCapacityUnits() + b.writeCapacityUnits(),
        a.capacityUnits() + b.capacityUnits());
  }

  private static Map<String, Capacity> sum(Map<String, Capacity> a, Map<String, Capacity> b) {
    Map<String, Capacity> out = new LinkedHashMap<>(a);
    b.forEach((k, v) -> out.merge(k, v, Batches::sum));
    return out;
  }

  private CompletableFuture<WriteItemResponse> start(WriteRequest w) {
    if (w instanceof WriteRequest.Put p) {
      return items.putLater(
          PutItemRequest.builder(p.tableName(), p.item())
              .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
              .build());
    }
    WriteRequest.Delete d = (WriteRequest.Delete) w;
    return items.deleteLater(
        DeleteItemRequest.builder(d.tableName(), d.key())
            .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)
            .build());
  }

  public BatchGetItemResponse get(
      Map<String, KeysAndAttributes> request, ReturnConsumedCapacity rcc) {
    int total = 0;
    for (KeysAndAttributes k : request.values()) {
      total += k.keys().size();
    }
    if (total > MAX_GETS) {
      throw new ValidationException("Too many items requested for the BatchGetItem call");
    }
    if (request.isEmpty() || total == 0) {
      throw new ValidationException(
          "1 validation error detected: Value at 'requestItems' failed to satisfy constraint:"
              + " Member must have length greater than or equal to 1");
    }
    Map<String, List<Map<String, AttributeValue>>> responses = new LinkedHashMap<>();
    Map<String, List<Map<String, AttributeValue>>> unprocessedKeys = new LinkedHashMap<>();
    Map<String, double[]> units = new LinkedHashMap<>();
    long responseBytes = 0;
    for (Map.Entry<String, KeysAndAttributes> e : request.entrySet()) {
      TableRuntime t = ctx.activeTable(e.getKey());
      TableMeta meta = t.meta();
      KeysAndAttributes ka = e.getValue();
      RequestExpressions ex = new RequestExpressions(ka.expressionAttributeNames());
      Optional<ProjectionExpression> projection = ex.projection(ka.projectionExpression());
      ex.requireAllUsed();
      Set<ByteBuffer> seen = new HashSet<>();
      List<Map<String, AttributeValue>> found = new ArrayList<>();
      responses.put(e.getKey(), found);
      for (Map<String, AttributeValue> key : ka.keys()) {
        byte[] itemKey = KeyRules.storageKey(meta, KeyRules.checkKey(meta, key));
        if (!seen.add(ByteBuffer.wrap(itemKey))) {
          throw new ValidationException("Provided list of item keys contains duplicates");
        }
      }
      for (Map<String, AttributeValue> key : ka.keys()) {
        if (responseBytes >= MAX_GET_RESPONSE_BYTES) {
          unprocessedKeys.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(key);
          continue;
        }
        try {
          ctx.metering.admitRead(t);
        } catch (ProvisionedThroughputExceededException throttled) {
          unprocessedKeys.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(key);
          continue;
        }
        Map<String, AttributeValue> item = ctx.readItem(KeyRules.storageKey(meta, key));
        long size = item == null ? 0 : ItemSizes.itemSize(item);
        responseBytes += size;
        units.computeIfAbsent(e.getKey(), k -> new double[1])[0] +=
            ctx.metering
                .read(t, size, ka.consistentRead(), ReturnConsumedCapacity.TOTAL)
                .map(ConsumedCapacity::capacityUnits)
                .orElse(0.0);
        if (item != null) {
          found.add(RequestExpressions.project(projection, item));
        }
      }
    }
    if (!unprocessedKeys.isEmpty()
        && responses.values().stream().allMatch(List::isEmpty)
        && units.isEmpty()) {
      throw new ProvisionedThroughputExceededException(
          "The level of configured provisioned throughput for the table was exceeded. Consider"
              + " increasing your provisioning level with the UpdateTable API.");
    }
    Map<String, KeysAndAttributes> unprocessed = new LinkedHashMap<>();
    unprocessedKeys.forEach(
        (table, keys) -> {
          KeysAndAttributes original = request.get(table);
          unprocessed.put(
              table,
              new KeysAndAttributes(
                  keys,
                  original.projectionExpression(),
                  original.expressionAttributeNames(),
                  original.consistentRead()));
        });
    return new BatchGetItemResponse(responses, unprocessed, totals(units, rcc, true));
  }

  private static List<ConsumedCapacity> totals(
      Map<String, double[]> units, ReturnConsumedCapacity rcc, boolean reads) {
    List<ConsumedCapacity> out = new ArrayList<>();
    if (rcc == ReturnConsumedCapacity.NONE) {
      return out;
    }
    units.forEach(
        (table, u) ->
            out.add(
                new ConsumedCapacity(
                    table,
                    u[0],
                    reads ? u[0] : 0,
                    reads ? 0 : u[0],
                    // INDEXES: the table's share (a batch's index units are counted with it)
                    rcc == ReturnConsumedCapacity.INDEXES
                        ? Optional.of(new Capacity(reads ? u[0] : 0, reads ? 0 : u[0], u[0]))
                        : Optional.empty(),
                    Map.of(),
                    Map.of())));
    return out;
  }
}

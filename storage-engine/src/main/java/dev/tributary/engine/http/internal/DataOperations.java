package dev.tributary.engine.http.internal;

import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.Select;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The data-plane operations: items, Query/Scan, batches and transactions. */
final class DataOperations {
  private final TributaryEngine engine;

  DataOperations(TributaryEngine engine) {
    this.engine = engine;
  }

  void register(Map<String, Operation> ops) {
    ops.put("GetItem", (r, http) -> ItemEncoder.get(engine.getItem(ItemDecoder.get(r))));
    ops.put("Query", (r, http) -> query(r));
    ops.put("Scan", (r, http) -> scan(r));
    ops.put(
        "BatchGetItem",
        (r, http) ->
            BatchEncoder.batchGet(
                engine.batchGetItem(
                    BatchDecoder.batchGet(r), CommonMembers.returnConsumedCapacity(r))));
    ops.put(
        "BatchWriteItem",
        (r, http) ->
            BatchEncoder.batchWrite(
                engine.batchWriteItem(
                    BatchDecoder.batchWrite(r), CommonMembers.returnConsumedCapacity(r))));
    ops.put(
        "TransactWriteItems",
        (r, http) ->
            BatchEncoder.transactWrite(engine.transactWriteItems(BatchDecoder.transactWrite(r))));
    ops.put(
        "TransactGetItems",
        (r, http) ->
            BatchEncoder.transactGet(
                engine.transactGetItems(
                    BatchDecoder.transactGet(r), CommonMembers.returnConsumedCapacity(r))));
  }

  /**
   * The single-item writes answer when their write is durable, without a thread waiting for it:
   * with fsync, the response is written from the engine's commit thread.
   */
  void registerLater(Map<String, LaterOperation> ops) {
    ops.put(
        "PutItem",
        (r, http) -> engine.putItemAsync(ItemDecoder.put(r)).thenApply(ItemEncoder::write));
    ops.put(
        "UpdateItem",
        (r, http) -> {
          CompletableFuture<byte[]> written =
              engine.updateItemAsync(ItemDecoder.update(r)).thenApply(ItemEncoder::write);
          return r.has("AttributeUpdates")
              ? LegacyParameters.attributeUpdatesWording(written)
              : written;
        });
    ops.put(
        "DeleteItem",
        (r, http) -> engine.deleteItemAsync(ItemDecoder.delete(r)).thenApply(ItemEncoder::write));
  }

  private byte[] query(JsonRequest r) {
    QueryRequest q = ReadDecoder.query(r);
    return ReadEncoder.page(engine.query(q), q.select().filter(Select.COUNT::equals).isPresent());
  }

  private byte[] scan(JsonRequest r) {
    ScanRequest s = ReadDecoder.scan(r);
    return ReadEncoder.page(engine.scan(s), s.select().filter(Select.COUNT::equals).isPresent());
  }
}

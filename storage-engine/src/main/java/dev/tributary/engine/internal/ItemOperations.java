package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.PathElement;
import dev.tributary.engine.expression.ProjectionExpression;
import dev.tributary.engine.expression.UpdateExpression;
import dev.tributary.engine.expression.UpdateResult;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GetItemResponse;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteItemResponse;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem. Each write locks its item, reads the current state,
 * checks the condition, computes the new state and commits item, indexes and change record in one
 * batch, releasing the lock once that batch is durable: linearizable per item, no lost update. The
 * {@code ...Later} forms return as soon as the write is handed to the store, for callers (the HTTP
 * server) that would rather not hold a thread through an fsync.
 */
public final class ItemOperations {
  private static final Set<ReturnValue> PUT_DELETE_RETURN_VALUES =
      EnumSet.of(ReturnValue.NONE, ReturnValue.ALL_OLD);

  private final EngineContext ctx;

  ItemOperations(EngineContext ctx) {
    this.ctx = ctx;
  }

  public WriteItemResponse put(PutItemRequest r) {
    return await(putLater(r));
  }

  /**
   * PutItem without waiting for durability: request errors are thrown at once; the future completes
   * when the write is durable (or fails with the store's error).
   */
  public CompletableFuture<WriteItemResponse> putLater(PutItemRequest r) {
    return replaceLater(
        r.tableName(),
        r.returnValues(),
        r.expressionParameters(),
        r.conditionExpression(),
        r.returnOldItemOnConditionCheckFailure(),
        r.returnConsumedCapacity(),
        r.item(),
        meta -> {
          Map<String, AttributeValue> key = KeyRules.keyOfItem(meta, r.item());
          IndexEntries.validate(meta, r.item());
          return key;
        });
  }

  public GetItemResponse get(GetItemRequest r) {
    TableRuntime t = ctx.activeTable(r.tableName());
    TableMeta meta = t.meta();
    RequestExpressions ex = new RequestExpressions(r.expressionAttributeNames());
    Optional<ProjectionExpression> projection = ex.projection(r.projectionExpression());
    ex.requireAllUsed();
    byte[] itemKey = KeyRules.storageKey(meta, KeyRules.checkKey(meta, r.key()));
    ctx.metering.admitRead(t);
    Map<String, AttributeValue> item = ctx.readItem(itemKey);
    Optional<ConsumedCapacity> cc =
        ctx.metering.read(
            t,
            item == null ? 0 : ItemSizes.itemSize(item),
            r.consistentRead(),
            r.returnConsumedCapacity());
    return new GetItemResponse(
        Optional.ofNullable(item).map(i -> RequestExpressions.project(projection, i)), cc);
  }

  public WriteItemResponse update(UpdateItemRequest r) {
    return await(updateLater(r));
  }

  /** UpdateItem without waiting for durability, as {@link #putLater}. */
  public CompletableFuture<WriteItemResponse> updateLater(UpdateItemRequest r) {
    TableRuntime t = ctx.activeTable(r.tableName());
    TableMeta meta = t.meta();
    RequestExpressions ex = new RequestExpressions(r.expressionParameters());
    Optional<UpdateExpression> update = r.updateExpression().map(ex::update);
    Optional<Condition> condition = ex.condition(r.conditionExpression());
    ex.requireAllUsed();
    Map<String, AttributeValue> key = KeyRules.checkKey(meta, r.key());
    update.ifPresent(u -> rejectKeyUpdates(meta, u));
    byte[] itemKey = KeyRules.storageKey(meta, key);
    ctx.metering.admitWrite(t);
    return write(
            itemKey,
            (old, batch) -> {
              checkCondition(condition, old, r.returnOldItemOnConditionCheckFailure());
              if (old == null && update.isPresent() && removesOnly(update.get())) {
                // DynamoDB creates no item (and so no stream record) for removals from nothing
                return new Updated(null, null, List.of());
              }
              Map<String, AttributeValue> base = old != null ? old : key;
              Updated u;
              if (update.isPresent()) {
                UpdateResult result = RequestExpressions.apply(update.get(), base);
                u = new Updated(old, result.item(), result.updatedPaths());
              } else {
                u = new Updated(old, base, List.of());
              }
              KeyRules.checkItemSize(u.item());
              IndexEntries.validate(meta, u.item());
              batch.stage(t, itemKey, old, u.item(), false, ctx.nowMillis());
              return u;
            })
        .thenApply(
            u -> {
              Optional<ConsumedCapacity> cc =
                  ctx.metering.wrote(t, u.old(), u.item(), r.returnConsumedCapacity());
              return new WriteItemResponse(
                  returnValues(r.returnValues(), u.old(), u.item(), u.paths()), cc);
            });
  }

  private static boolean removesOnly(UpdateExpression u) {
    return u.sets().isEmpty()
        && u.adds().isEmpty()
        && (!u.removes().isEmpty() || !u.deletes().isEmpty()); // DELETE from nothing: nothing
  }

  /** An update's outcome: the item before (null when new) and after, and the paths it set. */
  private record Updated(
      Map<String, AttributeValue> old, Map<String, AttributeValue> item, List<Path> paths) {}

  public WriteItemResponse delete(DeleteItemRequest r) {
    return await(deleteLater(r));
  }

  /** DeleteItem without waiting for durability, as {@link #putLater}. */
  public CompletableFuture<WriteItemResponse> deleteLater(DeleteItemRequest r) {
    return replaceLater(
        r.tableName(),
        r.returnValues(),
        r.expressionParameters(),
        r.conditionExpression(),
        r.returnOldItemOnConditionCheckFailure(),
        r.returnConsumedCapacity(),
        null,
        meta -> KeyRules.checkKey(meta, r.key()));
  }

  /**
   * PutItem ({@code item}) and DeleteItem ({@code item} null): checks the request in DynamoDB's
   * order (return values, expressions, then the key {@code checkedKey} derives and checks), then
   * replaces the stored item if the condition holds on it. The response carries the old item when
   * ReturnValues is ALL_OLD.
   */
  private CompletableFuture<WriteItemResponse> replaceLater(
      String tableName,
      ReturnValue returnValues,
      ExpressionParameters parameters,
      Optional<String> conditionExpression,
      boolean returnOldOnConditionFailure,
      ReturnConsumedCapacity returnConsumedCapacity,
      Map<String, AttributeValue> item,
      Function<TableMeta, Map<String, AttributeValue>> checkedKey) {
    TableRuntime t = ctx.activeTable(tableName);
    TableMeta meta = t.meta();
    requireReturnValues(returnValues, PUT_DELETE_RETURN_VALUES);
    RequestExpressions ex = new RequestExpressions(parameters);
    Optional<Condition> condition = ex.condition(conditionExpression);
    ex.requireAllUsed();
    byte[] itemKey = KeyRules.storageKey(meta, checkedKey.apply(meta));
    ctx.metering.admitWrite(t);
    return write(
            itemKey,
            (old, batch) -> {
              checkCondition(condition, old, returnOldOnConditionFailure);
              batch.stage(t, itemKey, old, item, false, ctx.nowMillis());
              return Optional.ofNullable(old);
            })
        .thenApply(old -> oldImageResponse(t, old, item, returnValues, returnConsumedCapacity));
  }

  /**
   * The response of a PutItem or DeleteItem that wrote {@code item} (null: deleted) over {@code
   * old}: its consumed capacity, and the old item if asked for (their ReturnValues are NONE or
   * ALL_OLD).
   */
  private WriteItemResponse oldImageResponse(
      TableRuntime t,
      Optional<Map<String, AttributeValue>> old,
      Map<String, AttributeValue> item,
      ReturnValue returnValues,
      ReturnConsumedCapacity returnConsumedCapacity) {
    Optional<ConsumedCapacity> cc =
        ctx.metering.wrote(t, old.orElse(null), item, returnConsumedCapacity);
    return new WriteItemResponse(returnValues == ReturnValue.ALL_OLD ? old : Optional.empty(), cc);
  }

  /** Checks and stages a single-item write against the item's current state (null if none). */
  @FunctionalInterface
  private interface Stager<T> {
    T stage(Map<String, AttributeValue> current, ChangeBatch batch);
  }

  /**
   * Locks the item, reads it, lets {@code stager} check and stage the write, and commits without
   * waiting; the lock is held until the write is durable ({@link ChangeBatch#commitLater}), so the
   * item's next writer reads this one's result: linearizable per item, no lost update. What the
   * stager throws (a failed condition, a bad request) is thrown here, with nothing written.
   */
  private <T> CompletableFuture<T> write(byte[] itemKey, Stager<T> stager) {
    ItemLocks.Held lock = ctx.locks.lock(itemKey);
    ChangeBatch batch = new ChangeBatch(ctx.store);
    T staged;
    try {
      staged = stager.stage(ctx.readItem(itemKey), batch);
    } catch (RuntimeException | Error e) {
      try {
        batch.close();
      } finally {
        lock.close();
      }
      throw e;
    }
    return batch.commitLater(lock).thenApply(written -> staged);
  }

  /** The result of a write's future, with its own exception (not a CompletionException) thrown. */
  static <T> T await(CompletableFuture<T> write) {
    try {
      return write.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  static void checkCondition(
      Optional<Condition> condition, Map<String, AttributeValue> current, boolean returnOld) {
    if (!RequestExpressions.holds(condition, current)) {
      throw new ConditionalCheckFailedException(returnOld ? current : null);
    }
  }

  static void requireReturnValues(ReturnValue requested, Set<ReturnValue> allowed) {
    if (!allowed.contains(requested)) {
      throw new ValidationException("Return values set to invalid value");
    }
  }

  /** DynamoDB refuses updates that touch key attributes, naming the attribute. */
  static void rejectKeyUpdates(TableMeta meta, UpdateExpression update) {
    for (Path p : update.targetPaths()) {
      PathElement first = p.elements().get(0);
      if (first instanceof PathElement.Name n && meta.isKeyAttribute(n.name())) {
        throw new ValidationException(
            "One or more parameter values were invalid: Cannot update attribute "
                + n.name()
                + ". This attribute is part of the key");
      }
    }
  }

  /** ReturnValues of UpdateItem: whole images, or only the updated paths of them. */
  static Optional<Map<String, AttributeValue>> returnValues(
      ReturnValue mode,
      Map<String, AttributeValue> old,
      Map<String, AttributeValue> updated,
      List<Path> updatedPaths) {
    switch (mode) {
      case ALL_OLD:
        return Optional.ofNullable(old);
      case ALL_NEW:
        return Optional.ofNullable(updated);
      case UPDATED_OLD:
        return nonEmpty(old == null ? Map.of() : RequestExpressions.project(updatedPaths, old));
      case UPDATED_NEW:
        return updated == null
            ? Optional.empty()
            : nonEmpty(RequestExpressions.project(updatedPaths, updated));
      default:
        return Optional.empty();
    }
  }

  private static Optional<Map<String, AttributeValue>> nonEmpty(Map<String, AttributeValue> m) {
    return m.isEmpty() ? Optional.empty() : Optional.of(new HashMap<>(m));
  }
}

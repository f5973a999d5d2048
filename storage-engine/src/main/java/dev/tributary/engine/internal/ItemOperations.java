package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.PathElement;
import dev.tributary.engine.expression.ProjectionExpression;
import dev.tributary.engine.expression.UpdateResult;
import dev.tributary.engine.expression.UpdateExpression;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GetItemResponse;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteItemResponse;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem. Each write locks its item, reads the current state,
 * checks the condition, computes the new state and commits item, indexes and change record in one
 * batch while still holding the lock: linearizable per item, no lost update.
 */
public final class ItemOperations {
  private static final Set<ReturnValue> PUT_DELETE_RETURN_VALUES =
      EnumSet.of(ReturnValue.NONE, ReturnValue.ALL_OLD);

  private final EngineContext ctx;

  ItemOperations(EngineContext ctx) {
    this.ctx = ctx;
  }

  public WriteItemResponse put(PutItemRequest r) {
    TableRuntime t = ctx.activeTable(r.tableName());
    TableMeta meta = t.meta();
    requireReturnValues(r.returnValues(), PUT_DELETE_RETURN_VALUES);
    RequestExpressions ex = new RequestExpressions(r.expressionParameters());
    Optional<Condition> condition = ex.condition(r.conditionExpression());
    ex.requireAllUsed();
    Map<String, AttributeValue> item = r.item();
    Map<String, AttributeValue> key = KeyRules.keyOfItem(meta, item);
    IndexEntries.validate(meta, item);
    byte[] itemKey = KeyRules.storageKey(meta, key);
    ctx.metering.admitWrite(t);
    Map<String, AttributeValue> old;
    try (ItemLocks.Held lock = ctx.locks.lock(itemKey);
        ChangeBatch batch = new ChangeBatch(ctx.store)) {
      old = ctx.readItem(itemKey);
      checkCondition(condition, old, r.returnOldItemOnConditionCheckFailure());
      batch.stage(t, itemKey, old, item, false, ctx.nowMillis());
      batch.commit();
    }
    Optional<ConsumedCapacity> cc =
        ctx.metering.wrote(t, old, item, false, r.returnConsumedCapacity());
    return new WriteItemResponse(
        r.returnValues() == ReturnValue.ALL_OLD ? Optional.ofNullable(old) : Optional.empty(), cc);
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
        ctx.metering.read(t, item == null ? 0 : dev.tributary.core.ItemSizes.itemSize(item),
            r.consistentRead(), r.returnConsumedCapacity());
    return new GetItemResponse(
        Optional.ofNullable(item).map(i -> RequestExpressions.project(projection, i)), cc);
  }

  public WriteItemResponse update(UpdateItemRequest r) {
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
    Map<String, AttributeValue> old;
    Map<String, AttributeValue> updated;
    List<Path> updatedPaths;
    try (ItemLocks.Held lock = ctx.locks.lock(itemKey);
        ChangeBatch batch = new ChangeBatch(ctx.store)) {
      old = ctx.readItem(itemKey);
      checkCondition(condition, old, r.returnOldItemOnConditionCheckFailure());
      Map<String, AttributeValue> base = old != null ? old : key;
      if (update.isPresent()) {
        UpdateResult result = RequestExpressions.apply(update.get(), base);
        updated = result.item();
        updatedPaths = result.updatedPaths();
      } else {
        updated = base;
        updatedPaths = List.of();
      }
      KeyRules.checkItemSize(updated);
      IndexEntries.validate(meta, updated);
      batch.stage(t, itemKey, old, updated, false, ctx.nowMillis());
      batch.commit();
    }
    Optional<ConsumedCapacity> cc =
        ctx.metering.wrote(t, old, updated, false, r.returnConsumedCapacity());
    return new WriteItemResponse(returnValues(r.returnValues(), old, updated, updatedPaths), cc);
  }

  public WriteItemResponse delete(DeleteItemRequest r) {
    TableRuntime t = ctx.activeTable(r.tableName());
    TableMeta meta = t.meta();
    requireReturnValues(r.returnValues(), PUT_DELETE_RETURN_VALUES);
    RequestExpressions ex = new RequestExpressions(r.expressionParameters());
    Optional<Condition> condition = ex.condition(r.conditionExpression());
    ex.requireAllUsed();
    byte[] itemKey = KeyRules.storageKey(meta, KeyRules.checkKey(meta, r.key()));
    ctx.metering.admitWrite(t);
    Map<String, AttributeValue> old;
    try (ItemLocks.Held lock = ctx.locks.lock(itemKey);
        ChangeBatch batch = new ChangeBatch(ctx.store)) {
      old = ctx.readItem(itemKey);
      checkCondition(condition, old, r.returnOldItemOnConditionCheckFailure());
      batch.stage(t, itemKey, old, null, false, ctx.nowMillis());
      batch.commit();
    }
    Optional<ConsumedCapacity> cc =
        ctx.metering.wrote(t, old, null, false, r.returnConsumedCapacity());
    return new WriteItemResponse(
        r.returnValues() == ReturnValue.ALL_OLD ? Optional.ofNullable(old) : Optional.empty(), cc);
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
        return Optional.of(updated);
      case UPDATED_OLD:
        return nonEmpty(old == null ? Map.of() : RequestExpressions.project(updatedPaths, old));
      case UPDATED_NEW:
        return nonEmpty(RequestExpressions.project(updatedPaths, updated));
      default:
        return Optional.empty();
    }
  }

  private static Optional<Map<String, AttributeValue>> nonEmpty(Map<String, AttributeValue> m) {
    return m.isEmpty() ? Optional.empty() : Optional.of(new HashMap<>(m));
  }
}

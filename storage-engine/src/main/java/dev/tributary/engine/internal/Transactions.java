package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.CancellationReason;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.IdempotentParameterMismatchException;
import dev.tributary.engine.TransactionCanceledException;
import dev.tributary.engine.TransactionInProgressException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.ProjectionExpression;
import dev.tributary.engine.expression.UpdateExpression;
import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.TransactGet;
import dev.tributary.engine.model.TransactGetItemsResponse;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.TransactWriteItemsResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * TransactWriteItems and TransactGetItems. A write transaction locks its items in key order (no
 * deadlock), checks every condition, and commits every change, the change records and its
 * ClientRequestToken in one batch: all or nothing, serializable for the items it touches.
 */
public final class Transactions {
  static final int MAX_ACTIONS = 100;
  static final long TOKEN_MILLIS = 10 * 60 * 1000L;
  static final long LOCK_WAIT_MILLIS = 200;

  private final EngineContext ctx;
  private final Set<String> tokensInFlight = ConcurrentHashMap.newKeySet();

  Transactions(EngineContext ctx) {
    this.ctx = ctx;
  }

  /** One action, resolved: its table, key, parsed expressions and storage key. */
  private static final class Action {
    final int index;
    final TransactWriteItem request;
    final TableRuntime table;
    final Map<String, AttributeValue> key;
    final byte[] storageKey;
    final Optional<Condition> condition;
    final UpdateExpression update;
    Map<String, AttributeValue> old;
    Map<String, AttributeValue> updated;

    Action(
        int index,
        TransactWriteItem request,
        TableRuntime table,
        Map<String, AttributeValue> key,
        Optional<Condition> condition,
        UpdateExpression update) {
      this.index = index;
      this.request = request;
      this.table = table;
      this.key = key;
      this.storageKey = KeyRules.storageKey(table.meta(), key);
      this.condition = condition;
      this.update = update;
    }
  }

  public TransactWriteItemsResponse write(TransactWriteItemsRequest r) {
    List<TransactWriteItem> items = r.transactItems();
    Constraints.requireEntries("transactItems", items, MAX_ACTIONS);
    List<Action> actions = resolve(items);
    byte[] fingerprint = fingerprint(actions);
    String token = r.clientRequestToken().orElse(null);
    if (token != null) {
      if (token.isEmpty() || token.length() > 36) {
        throw new ValidationException(
            "1 validation error detected: Value '"
                + token
                + "' at 'clientRequestToken' failed to"
                + " satisfy constraint: Member must have length less than or equal to 36");
      }
      if (!tokensInFlight.add(token)) {
        throw new TransactionInProgressException(
            "The transaction with the given request token is already in progress.");
      }
    }
    try {
      if (token != null && alreadyApplied(token, fingerprint)) {
        return new TransactWriteItemsResponse(capacity(actions, r.returnConsumedCapacity(), true));
      }
      commit(actions, token, fingerprint);
      return new TransactWriteItemsResponse(capacity(actions, r.returnConsumedCapacity(), false));
    } finally {
      if (token != null) {
        tokensInFlight.remove(token);
      }
    }
  }

  /** DynamoDB's limit on a transaction's payload: the items and values it carries. */
  static final long MAX_PAYLOAD_BYTES = 4L * 1024 * 1024;

  private static void checkPayloadSize(List<TransactWriteItem> items) {
    long bytes = 0;
    for (TransactWriteItem item : items) {
      bytes +=
          ItemSizes.itemSize(itemOrKey(item))
              + ItemSizes.itemSize(item.expressionParameters().values());
    }
    if (bytes > MAX_PAYLOAD_BYTES) {
      throw new ValidationException("Transaction payload size cannot exceed 4 MB");
    }
  }

  private List<Action> resolve(List<TransactWriteItem> items) {
    checkPayloadSize(items);
    List<Action> actions = new ArrayList<>(items.size());
    Set<ByteBuffer> seen = new HashSet<>();
    // A key attribute of the wrong type cancels the transaction (ValidationError) once every
    // action has passed the up-front checks, as in DynamoDB; other key errors fail the request.
    List<CancellationReason> keyTypeErrors = null;
    for (int i = 0; i < items.size(); i++) {
      TransactWriteItem item = items.get(i);
      TableRuntime t = ctx.activeTable(item.tableName());
      TableMeta meta = t.meta();
      RequestExpressions ex = new RequestExpressions(item.expressionParameters());
      UpdateExpression update = null;
      Map<String, AttributeValue> key;
      Optional<String> typeError = keyTypeError(meta, item);
      if (typeError.isPresent()) {
        if (keyTypeErrors == null) {
          // DynamoDB stops at the first: later actions, mistyped or not, are "None"
          keyTypeErrors =
              new ArrayList<>(Collections.nCopies(items.size(), CancellationReason.NONE));
          keyTypeErrors.set(i, CancellationReason.of("ValidationError", typeError.get()));
        }
        if (item instanceof TransactWriteItem.Update u) {
          ex.update(u.updateExpression());
        }
        ex.condition(item.conditionExpression());
        ex.requireAllUsed();
        continue;
      }
      if (item instanceof TransactWriteItem.Put p) {
        key = KeyRules.keyOfItem(meta, p.item());
        IndexEntries.validate(meta, p.item());
      } else if (item instanceof TransactWriteItem.Update u) {
        key = KeyRules.checkKey(meta, u.key());
        update = ex.update(u.updateExpression());
        ItemOperations.rejectKeyUpdates(meta, update);
      } else if (item instanceof TransactWriteItem.Delete d) {
        key = KeyRules.checkKey(meta, d.key());
      } else {
        TransactWriteItem.ConditionCheck c = (TransactWriteItem.ConditionCheck) item;
        key = KeyRules.checkKey(meta, c.key());
        if (c.conditionExpression().isEmpty()) {
          throw new ValidationException(
              "The ConditionCheck operation requires a ConditionExpression");
        }
      }
      Optional<Condition> condition = ex.condition(item.conditionExpression());
      ex.requireAllUsed();
      Action a = new Action(i, item, t, key, condition, update);
      if (!seen.add(ByteBuffer.wrap(a.storageKey))) {
        throw new ValidationException(
            "Transaction request cannot include multiple operations on one item");
      }
      actions.add(a);
    }
    if (keyTypeErrors != null) {
      throw new TransactionCanceledException(keyTypeErrors);
    }
    return actions;
  }

  /** The item a Put writes, or the key the other actions name. */
  private static Map<String, AttributeValue> itemOrKey(TransactWriteItem item) {
    if (item instanceof TransactWriteItem.Put p) {
      return p.item();
    } else if (item instanceof TransactWriteItem.Update u) {
      return u.key();
    } else if (item instanceof TransactWriteItem.Delete d) {
      return d.key();
    }
    return ((TransactWriteItem.ConditionCheck) item).key();
  }

  /** Whether a Key names exactly the table's key attributes, each of its declared type. */
  private static boolean matchesKeySchema(TableMeta meta, Map<String, AttributeValue> key) {
    if (key.size() != meta.primaryKeyAttributes().size()) {
      return false;
    }
    for (String name : meta.primaryKeyAttributes()) {
      AttributeValue v = key.get(name);
      if (v == null || v.type() != meta.typeOf(name).valueType()) {
        return false;
      }
    }
    return true;
  }

  /** DynamoDB's message for a key attribute of the wrong type in one action, if there is one. */
  private static Optional<String> keyTypeError(TableMeta meta, TransactWriteItem item) {
    Map<String, AttributeValue> values = itemOrKey(item);
    for (String name : meta.primaryKeyAttributes()) {
      AttributeValue v = values.get(name);
      if (v != null && v.type() != meta.typeOf(name).valueType()) {
        return Optional.of(
            item instanceof TransactWriteItem.Put
                ? "One or more parameter values were invalid: Type mismatch for key "
                    + name
                    + " expected: "
                    + meta.typeOf(name)
                    + " actual: "
                    + v.type().descriptor()
                : "The provided key element does not match the schema");
      }
    }
    return Optional.empty();
  }

  private void commit(List<Action> actions, String token, byte[] fingerprint) {
    for (Action a : actions) {
      ctx.metering.admitWrite(a.table);
    }
    List<Action> ordered = new ArrayList<>(actions);
    ordered.sort(Comparator.comparing(a -> a.storageKey, Arrays::compareUnsigned));
    List<ItemLocks.Held> held = new ArrayList<>(ordered.size());
    try {
      for (Action a : ordered) {
        ItemLocks.Held h = ctx.locks.lockForTransaction(a.storageKey, LOCK_WAIT_MILLIS);
        if (h == null) {
          throw cancelled(
              actions,
              a.index,
              CancellationReason.of("TransactionConflict", "Transaction is ongoing for the item"));
        }
        held.add(h);
      }
      List<CancellationReason> reasons =
          new ArrayList<>(Collections.nCopies(actions.size(), CancellationReason.NONE));
      boolean failed = false;
      for (Action a : actions) {
        a.old = ctx.readItem(a.storageKey);
        if (!RequestExpressions.holds(a.condition, a.old)) {
          failed = true;
          reasons.set(
              a.index,
              new CancellationReason(
                  "ConditionalCheckFailed",
                  Optional.of(ConditionalCheckFailedException.MESSAGE),
                  a.request.returnOldItemOnConditionCheckFailure()
                      ? Optional.ofNullable(a.old)
                      : Optional.empty()));
          continue;
        }
        try {
          a.updated = newState(a);
        } catch (ValidationException e) {
          // an update that cannot apply to this item (a missing operand, a wrong type, too large)
          // cancels the transaction with ValidationError, as in DynamoDB
          failed = true;
          reasons.set(a.index, CancellationReason.of("ValidationError", e.getMessage()));
        }
      }
      if (failed) {
        throw new TransactionCanceledException(reasons);
      }
      long now = ctx.nowMillis();
      try (ChangeBatch batch = new ChangeBatch(ctx.store)) {
        for (Action a : actions) {
          if (!(a.request instanceof TransactWriteItem.ConditionCheck)) {
            batch.stage(a.table, a.storageKey, a.old, a.updated, false, now);
          }
        }
        if (token != null) {
          stageToken(batch, token, fingerprint, now);
        }
        batch.commit();
      }
    } finally {
      for (ItemLocks.Held h : held) {
        h.close();
      }
    }
  }

  private Map<String, AttributeValue> newState(Action a) {
    TransactWriteItem r = a.request;
    if (r instanceof TransactWriteItem.Put p) {
      return p.item();
    }
    if (r instanceof TransactWriteItem.Delete) {
      return null;
    }
    if (r instanceof TransactWriteItem.Update) {
      if (a.old == null && removesOnly(a.update)) {
        return null; // removing from an item that does not exist creates nothing
      }
      Map<String, AttributeValue> updated =
          RequestExpressions.apply(a.update, a.old != null ? a.old : a.key).item();
      KeyRules.checkUpdatedItemSize(updated);
      IndexEntries.validate(a.table.meta(), updated);
      return updated;
    }
    return a.old;
  }

  private static boolean removesOnly(UpdateExpression u) {
    return u.sets().isEmpty()
        && u.adds().isEmpty()
        && (!u.removes().isEmpty() || !u.deletes().isEmpty()); // DELETE from nothing: nothing
  }

  private static TransactionCanceledException cancelled(
      List<Action> actions, int index, CancellationReason reason) {
    List<CancellationReason> reasons =
        new ArrayList<>(Collections.nCopies(actions.size(), CancellationReason.NONE));
    reasons.set(index, reason);
    return new TransactionCanceledException(reasons);
  }

  // ---- ClientRequestToken idempotency -----------------------------------------------------

  private boolean alreadyApplied(String token, byte[] fingerprint) {
    byte[] stored = ctx.store.get(Keyspace.TRANSACTIONS, token.getBytes(StandardCharsets.UTF_8));
    if (stored == null) {
      return false;
    }
    long at = ByteBuffer.wrap(stored, 32, 8).getLong();
    if (ctx.nowMillis() - at > TOKEN_MILLIS) {
      return false;
    }
    if (!Arrays.equals(stored, 0, 32, fingerprint, 0, 32)) {
      throw new IdempotentParameterMismatchException(
          "The request uses the same client token as a previous, but non-identical request.");
    }
    return true;
  }

  private void stageToken(ChangeBatch batch, String token, byte[] fingerprint, long now) {
    byte[] value = ByteBuffer.allocate(40).put(fingerprint).putLong(now).array();
    batch.put(Keyspace.TRANSACTIONS, token.getBytes(StandardCharsets.UTF_8), value);
  }

  /** Drops tokens older than their 10-minute window. */
  void expireTokens() {
    long cutoff = ctx.nowMillis() - TOKEN_MILLIS;
    List<byte[]> expired = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = ctx.store.iterator(Keyspace.TRANSACTIONS, ro)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        if (ByteBuffer.wrap(it.value(), 32, 8).getLong() < cutoff) {
          expired.add(it.key());
        }
      }
    }
    if (!expired.isEmpty()) {
      try (WriteBatch b = new WriteBatch()) {
        for (byte[] k : expired) {
          b.delete(ctx.store.cf(Keyspace.TRANSACTIONS), k);
        }
        ctx.store.write(b);
      } catch (RocksDBException e) {
        throw Store.failure("token expiry", e);
      }
    }
  }

  /** A digest of everything that makes two requests "the same" for ClientRequestToken. */
  private static byte[] fingerprint(List<Action> actions) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Action a : actions) {
        TransactWriteItem r = a.request;
        StringBuilder s = new StringBuilder();
        s.append(r.getClass().getSimpleName()).append('|').append(r.tableName()).append('|');
        s.append(Arrays.toString(a.storageKey)).append('|');
        s.append(r.conditionExpression().orElse("")).append('|');
        if (r instanceof TransactWriteItem.Update u) {
          s.append(u.updateExpression());
        }
        if (r instanceof TransactWriteItem.Put p) {
          s.append(AttributeValueJson.itemToJson(new TreeMap<>(p.item())));
        }
        ExpressionParameters params = r.expressionParameters();
        s.append('|').append(new TreeMap<>(params.names()));
        s.append('|').append(AttributeValueJson.itemToJson(new TreeMap<>(params.values())));
        s.append('|').append(r.returnOldItemOnConditionCheckFailure());
        sha.update(s.toString().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  /**
   * Charges what the request consumed and reports it per table: a committed request its
   * transactional writes (2 units per KB on the table and on every index each write changes); a
   * repeat of an applied ClientRequestToken nothing written, only the read of each item.
   */
  private List<ConsumedCapacity> capacity(
      List<Action> actions, ReturnConsumedCapacity rcc, boolean replay) {
    Map<String, Metering.Usage> usage = new TreeMap<>();
    boolean reported = rcc != ReturnConsumedCapacity.NONE;
    for (Action a : actions) {
      Metering.Usage u = usage.computeIfAbsent(a.table.meta().name(), k -> new Metering.Usage());
      if (replay) {
        ctx.metering.transactionalReplay(a.table, ctx.readItem(a.storageKey), u);
      } else {
        ctx.metering.transactionalWrite(
            a.table,
            a.old,
            a.updated,
            a.request instanceof TransactWriteItem.ConditionCheck,
            reported,
            u);
      }
    }
    List<ConsumedCapacity> out = new ArrayList<>();
    usage.forEach((table, u) -> Metering.report(table, rcc, u).ifPresent(out::add));
    return out;
  }

  // ---- TransactGetItems -------------------------------------------------------------------

  public TransactGetItemsResponse get(List<TransactGet> gets, ReturnConsumedCapacity rcc) {
    Constraints.requireEntries("transactItems", gets, MAX_ACTIONS);
    List<TableRuntime> tables = new ArrayList<>();
    List<byte[]> keys = new ArrayList<>();
    List<Optional<ProjectionExpression>> projections = new ArrayList<>();
    Set<ByteBuffer> seen = new HashSet<>();
    // A Key that does not match the key schema cancels the transaction (ValidationError) once
    // every Get has passed the up-front checks, as in DynamoDB; a bad key value fails the request.
    List<CancellationReason> keyErrors = null;
    for (int i = 0; i < gets.size(); i++) {
      TransactGet g = gets.get(i);
      TableRuntime t = ctx.activeTable(g.tableName());
      RequestExpressions ex = new RequestExpressions(g.expressionAttributeNames());
      projections.add(ex.projection(g.projectionExpression()));
      ex.requireAllUsed();
      if (!matchesKeySchema(t.meta(), g.key())) {
        if (keyErrors == null) {
          keyErrors = new ArrayList<>(Collections.nCopies(gets.size(), CancellationReason.NONE));
          keyErrors.set(
              i,
              CancellationReason.of(
                  "ValidationError", "The provided key element does not match the schema"));
        }
        continue;
      }
      byte[] k = KeyRules.storageKey(t.meta(), KeyRules.checkKey(t.meta(), g.key()));
      if (!seen.add(ByteBuffer.wrap(k))) {
        throw new ValidationException(
            "Transaction request cannot include multiple operations on one item");
      }
      tables.add(t);
      keys.add(k);
    }
    if (keyErrors != null) {
      throw new TransactionCanceledException(keyErrors);
    }
    // One snapshot: every write batch is atomic, so the reads see one consistent point in time.
    List<Optional<Map<String, AttributeValue>>> out = new ArrayList<>();
    Map<String, double[]> units = new TreeMap<>();
    Snapshot snapshot = ctx.store.snapshot();
    try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
      for (int i = 0; i < gets.size(); i++) {
        byte[] v = ctx.store.get(Keyspace.ITEMS, ro, keys.get(i));
        Map<String, AttributeValue> item = v == null ? null : ItemCodec.decode(v);
        double u = ctx.metering.transactionalRead(tables.get(i), item);
        units.computeIfAbsent(gets.get(i).tableName(), k -> new double[1])[0] += u;
        Optional<ProjectionExpression> projection = projections.get(i);
        out.add(Optional.ofNullable(item).map(x -> RequestExpressions.project(projection, x)));
      }
    } finally {
      ctx.store.releaseSnapshot(snapshot);
    }
    List<ConsumedCapacity> cc = new ArrayList<>();
    if (rcc != ReturnConsumedCapacity.NONE) {
      units.forEach(
          (table, u) ->
              cc.add(
                  new ConsumedCapacity(
                      table, u[0], u[0], 0, Optional.empty(), Map.of(), Map.of())));
    }
    return new TransactGetItemsResponse(out, cc);
  }
}

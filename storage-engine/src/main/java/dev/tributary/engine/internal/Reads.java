package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.KeyMatch;
import dev.tributary.engine.expression.KeyOperator;
import dev.tributary.engine.expression.KeyTerm;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.ProjectionExpression;
import dev.tributary.engine.expression.internal.Values;
import dev.tributary.engine.internal.codec.ItemCodec;
import dev.tributary.engine.internal.codec.KeyEncoding;
import dev.tributary.engine.model.ConsumedCapacity;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.ProjectionType;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.Select;
import dev.tributary.engine.model.StopReason;
import dev.tributary.engine.model.TableStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/**
 * Query and Scan over the table or a secondary index. Both walk a key range of RocksDB directly
 * (the key encoding sorts as DynamoDB sorts), stop at Limit items evaluated or after 1 MB read, and
 * return the key of the last evaluated item so the caller can continue.
 */
public final class Reads {
  static final long PAGE_BYTES = 1024 * 1024;

  private final EngineContext ctx;

  Reads(EngineContext ctx) {
    this.ctx = ctx;
  }

  public PageResponse query(QueryRequest r) {
    TableRuntime t = ctx.activeTable(r.tableName());
    TableMeta meta = t.meta();
    Optional<IndexMeta> index = resolveIndex(meta, r.indexName(), r.consistentRead());
    RequestExpressions ex = new RequestExpressions(r.expressionParameters());
    KeyMatch match =
        ex.keyCondition(r.keyConditionExpression())
            .match(
                index.map(IndexMeta::partitionAttributes).orElse(List.of(meta.partitionKey())),
                index
                    .map(IndexMeta::sortAttributes)
                    .orElse(meta.sortKey() == null ? List.of() : List.of(meta.sortKey())));
    Optional<Condition> filter = ex.filter(r.filterExpression());
    Optional<ProjectionExpression> projection = ex.projection(r.projectionExpression());
    ex.requireAllUsed();
    checkKeyTypes(meta, index, match);
    rejectFilterOnKeys(meta, index, filter);
    Select select = resolveSelect(index, r.select(), projection);
    checkGlobalIndexHolds(meta, index, projection, filter);
    checkLimit(r.limit());

    int owner = index.map(IndexMeta::uid).orElse(meta.id());
    byte[] prefix = StorageKeys.partitionPrefix(owner, match.partitionValues());
    if (!match.sortPrefix().isEmpty()) {
      prefix =
          StorageKeys.concat(
              prefix, KeyEncoding.encode(match.sortPrefix().toArray(new AttributeValue[0])));
    }
    KeyRange range = sortRange(prefix, match.range());
    if (r.exclusiveStartKey().isPresent()) {
      byte[] esk = startKey(meta, index, r.exclusiveStartKey().get());
      if (index.isEmpty() && meta.sortKey() == null) {
        // a partition of one item: there is nothing after it to start from
        StringBuilder shown = new StringBuilder();
        r.exclusiveStartKey()
            .get()
            .forEach(
                (name, v) ->
                    shown
                        .append(shown.length() == 0 ? "" : ", ")
                        .append(name)
                        .append('=')
                        .append(Values.describe(v)));
        throw new ValidationException(
            "The provided exclusive start key is invalid: ExclusiveStartKey: {" + shown + "}");
      }
      if (!startsWith(esk, prefix)) {
        throw new ValidationException(
            "The provided starting key is outside query boundaries based on provided conditions");
      }
      range = r.scanIndexForward() ? range.after(esk) : range.before(esk);
    }
    ctx.metering.admitRead(t);
    PageResponse p =
        page(
            new ReadPlan(
                t,
                index,
                range,
                r.scanIndexForward(),
                filter,
                projection,
                select,
                r.limit(),
                r.consistentRead(),
                r.returnConsumedCapacity()));
    if (index.isEmpty() && meta.sortKey() == null && p.lastEvaluatedKey().isPresent()) {
      // a partition of one item cannot be restarted: no LastEvaluatedKey, as in DynamoDB; the
      // partition was read whole
      return new PageResponse(
          p.items(),
          p.count(),
          p.scannedCount(),
          Optional.empty(),
          p.consumedCapacity(),
          StopReason.END_OF_DATA);
    }
    return p;
  }

  public PageResponse scan(ScanRequest r) {
    TableRuntime t = ctx.activeTable(r.tableName());
    TableMeta meta = t.meta();
    Optional<IndexMeta> index = resolveIndex(meta, r.indexName(), r.consistentRead());
    RequestExpressions ex = new RequestExpressions(r.expressionParameters());
    Optional<Condition> filter = ex.filter(r.filterExpression());
    Optional<ProjectionExpression> projection = ex.projection(r.projectionExpression());
    ex.requireAllUsed();
    Select select = resolveSelect(index, r.select(), projection);
    checkGlobalIndexHolds(meta, index, projection, filter);
    checkLimit(r.limit());
    int owner = index.map(IndexMeta::uid).orElse(meta.id());
    int segment = 0;
    int total = 1;
    if (r.segment().isPresent() || r.totalSegments().isPresent()) {
      if (r.totalSegments().isEmpty()) {
        throw new ValidationException(
            "The TotalSegments parameter is required but was not present in the request when"
                + " Segment parameter is present");
      }
      if (r.segment().isEmpty()) {
        throw new ValidationException(
            "The Segment parameter is required but was not present in the request when parameter"
                + " TotalSegments is present");
      }
      total = r.totalSegments().getAsInt();
      segment = r.segment().getAsInt();
      Constraints.requireValue("totalSegments", total, 1_000_000);
      if (segment < 0 || segment >= total) {
        throw new ValidationException(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments:"
                + " Segment: "
                + segment
                + " is not less than TotalSegments: "
                + total);
      }
    }
    KeyRange range =
        new KeyRange(
            StorageKeys.segmentStart(owner, segment, total),
            StorageKeys.segmentEnd(owner, segment, total));
    if (r.exclusiveStartKey().isPresent()) {
      byte[] esk = startKey(meta, index, r.exclusiveStartKey().get());
      if (!range.contains(esk)) {
        throw new ValidationException(
            "The provided Exclusive start key does not map to the provided Segment: "
                + segment
                + " with total segments: "
                + total);
      }
      range = range.after(esk);
    }
    ctx.metering.admitRead(t);
    return page(
        new ReadPlan(
            t,
            index,
            range,
            true,
            filter,
            projection,
            select,
            r.limit(),
            r.consistentRead(),
            r.returnConsumedCapacity()));
  }

  /**
   * What one Query or Scan page reads: the table or index, the key range and direction, and what it
   * does with each item read (filter, projection, Select), how many it may evaluate, and how it is
   * charged.
   */
  record ReadPlan(
      TableRuntime table,
      Optional<IndexMeta> index,
      KeyRange range,
      boolean forward,
      Optional<Condition> filter,
      Optional<ProjectionExpression> projection,
      Select select,
      OptionalInt limit,
      boolean consistent,
      ReturnConsumedCapacity returnConsumedCapacity) {}

  private PageResponse page(ReadPlan plan) {
    TableRuntime t = plan.table();
    Optional<IndexMeta> index = plan.index();
    byte[] start = plan.range().start();
    byte[] end = plan.range().end();
    boolean forward = plan.forward();
    Optional<Condition> filter = plan.filter();
    Optional<ProjectionExpression> projection = plan.projection();
    Select select = plan.select();
    TableMeta meta = t.meta();
    Keyspace keyspace = index.isPresent() ? Keyspace.INDEXES : Keyspace.ITEMS;
    // An LSI reads what it does not project from the table, as DynamoDB does (at a cost): for
    // ALL_ATTRIBUTES, or a ProjectionExpression naming an attribute the index does not hold.
    // A FilterExpression on attributes the index does not hold reads them from the table too; the
    // answer then still holds only what the Select asks for.
    boolean partialLsi =
        index.isPresent()
            && !index.get().global()
            && index.get().projectionType() != ProjectionType.ALL;
    boolean fetchFromTable =
        partialLsi
            && (select == Select.ALL_ATTRIBUTES
                || (select == Select.SPECIFIC_ATTRIBUTES
                    && projectsMoreThan(meta, index.get(), projection)));
    boolean fetchForFilter =
        partialLsi && !fetchFromTable && filtersMoreThan(meta, index.get(), filter);
    int max = plan.limit().orElse(Integer.MAX_VALUE);
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    int count = 0;
    int scanned = 0;
    long bytes = 0;
    Map<String, AttributeValue> lastEvaluated = null;
    StopReason stop = StopReason.END_OF_DATA;
    try (ReadOptions ro = new ReadOptions().setIterateUpperBound(null);
        RocksIterator it = ctx.store.iterator(keyspace, ro)) {
      if (forward) {
        it.seek(start);
      } else {
        it.seekForPrev(end);
        if (it.isValid() && Arrays.equals(it.key(), end)) {
          it.prev();
        }
      }
      while (it.isValid()) {
        byte[] key = it.key();
        if (forward
            ? Arrays.compareUnsigned(key, end) >= 0
            : Arrays.compareUnsigned(key, start) < 0) {
          break;
        }
        Map<String, AttributeValue> item = ItemCodec.decode(it.value());
        scanned++;
        long size = ItemSizes.itemSize(item);
        bytes += size;
        Map<String, AttributeValue> filtered = item;
        if (fetchFromTable || fetchForFilter) {
          Map<String, AttributeValue> full =
              ctx.readItem(KeyRules.storageKey(meta, KeyRules.keyOf(meta, item)));
          if (full != null) {
            filtered = full;
            bytes += ItemSizes.itemSize(full);
          }
        }
        Map<String, AttributeValue> answered = fetchFromTable ? filtered : item;
        if (RequestExpressions.holds(filter, filtered)) {
          count++;
          if (select != Select.COUNT) {
            items.add(RequestExpressions.project(projection, answered));
          }
        }
        if (scanned >= max || bytes >= PAGE_BYTES) {
          // As DynamoDB: stopping at Limit or at 1 MB always yields a LastEvaluatedKey, even when
          // nothing follows (the next page is then empty).
          lastEvaluated =
              index.isPresent()
                  ? IndexEntries.lastEvaluatedKey(meta, index.get(), item)
                  : KeyRules.keyOf(meta, item);
          stop = scanned >= max ? StopReason.LIMIT : StopReason.PAGE_SIZE;
          break;
        }
        if (forward) {
          it.next();
        } else {
          it.prev();
        }
      }
    }
    Optional<ConsumedCapacity> cc =
        ctx.metering.read(t, index, bytes, plan.consistent(), plan.returnConsumedCapacity());
    return new PageResponse(items, count, scanned, Optional.ofNullable(lastEvaluated), cc, stop);
  }

  /** Whether {@code filter} reads a top-level attribute that {@code index} does not hold. */
  private static boolean filtersMoreThan(
      TableMeta meta, IndexMeta index, Optional<Condition> filter) {
    if (filter.isEmpty()) {
      return false;
    }
    Set<String> held = held(meta, index);
    for (String name : ConditionPaths.topLevelNames(filter.get())) {
      if (!held.contains(name)) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> held(TableMeta meta, IndexMeta index) {
    Set<String> held = new HashSet<>(meta.primaryKeyAttributes());
    held.addAll(index.keyAttributes());
    if (index.projectionType() == ProjectionType.INCLUDE) {
      held.addAll(index.nonKeyAttributes());
    }
    return held;
  }

  /** Whether {@code projection} names a top-level attribute that {@code index} does not hold. */
  private static boolean projectsMoreThan(
      TableMeta meta, IndexMeta index, Optional<ProjectionExpression> projection) {
    if (projection.isEmpty()) {
      return false;
    }
    Set<String> held = held(meta, index);
    for (Path p : projection.get().paths()) {
      if (!held.contains(p.attributeName())) {
        return true;
      }
    }
    return false;
  }

  private static Optional<IndexMeta> resolveIndex(
      TableMeta meta, Optional<String> indexName, boolean consistent) {
    if (indexName.isEmpty()) {
      return Optional.empty();
    }
    IndexMeta index =
        meta.index(indexName.get())
            .orElseThrow(
                () ->
                    new ValidationException(
                        "The table does not have the specified index: " + indexName.get()));
    if (index.status() != TableStatus.ACTIVE) {
      throw new ValidationException(
          "Cannot read from backfilling global secondary index: " + index.name());
    }
    if (index.global() && consistent) {
      throw new ValidationException(
          "Consistent reads are not supported on global secondary indexes");
    }
    return Optional.of(index);
  }

  /**
   * A global secondary index cannot read its table: asking it for, or filtering on, an attribute it
   * does not project is DynamoDB's ValidationException.
   */
  private static void checkGlobalIndexHolds(
      TableMeta meta,
      Optional<IndexMeta> index,
      Optional<ProjectionExpression> projection,
      Optional<Condition> filter) {
    if (index.isEmpty()
        || !index.get().global()
        || index.get().projectionType() == ProjectionType.ALL) {
      return;
    }
    Set<String> held = held(meta, index.get());
    if (projection.isPresent()) {
      Set<String> missing = new LinkedHashSet<>();
      projection.get().paths().forEach(p -> missing.add(p.attributeName()));
      missing.removeAll(held);
      if (!missing.isEmpty()) {
        throw new ValidationException(
            "One or more parameter values were invalid: Global secondary index "
                + index.get().name()
                + " does not project "
                + missing);
      }
    }
    if (filter.isPresent()) {
      Set<String> missing = new LinkedHashSet<>(ConditionPaths.topLevelNames(filter.get()));
      missing.removeAll(held);
      if (!missing.isEmpty()) {
        throw new ValidationException(
            "One or more parameter values were invalid: Secondary index "
                + index.get().name()
                + " does not project one or more filter attributes: "
                + missing);
      }
    }
  }

  private static Select resolveSelect(
      Optional<IndexMeta> index,
      Optional<Select> requested,
      Optional<ProjectionExpression> projection) {
    if (requested.isEmpty()) {
      if (projection.isPresent()) {
        return Select.SPECIFIC_ATTRIBUTES;
      }
      return index.isPresent() ? Select.ALL_PROJECTED_ATTRIBUTES : Select.ALL_ATTRIBUTES;
    }
    Select s = requested.get();
    if (projection.isPresent() && s != Select.SPECIFIC_ATTRIBUTES) {
      throw new ValidationException(
          "Cannot specify the ProjectionExpression when choosing to get " + s);
    }
    if (s == Select.SPECIFIC_ATTRIBUTES && projection.isEmpty()) {
      throw new ValidationException(
          "Must specify the AttributesToGet or ProjectionExpression when choosing to get"
              + " SPECIFIC_ATTRIBUTES");
    }
    if (s == Select.ALL_PROJECTED_ATTRIBUTES && index.isEmpty()) {
      throw new ValidationException(
          "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
    if (s == Select.ALL_ATTRIBUTES
        && index.isPresent()
        && index.get().global()
        && index.get().projectionType() != ProjectionType.ALL) {
      throw new ValidationException(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported"
              + " for global secondary index "
              + index.get().name()
              + " because its projection type is not ALL");
    }
    return s;
  }

  private static void checkLimit(OptionalInt limit) {
    if (limit.isPresent() && limit.getAsInt() < 1) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + limit.getAsInt()
              + "' at 'limit' failed to satisfy constraint: Member must have value greater than or"
              + " equal to 1");
    }
  }

  private static void checkKeyTypes(TableMeta meta, Optional<IndexMeta> index, KeyMatch match) {
    List<String> partition =
        index.map(IndexMeta::partitionAttributes).orElse(List.of(meta.partitionKey()));
    List<String> sort =
        index
            .map(IndexMeta::sortAttributes)
            .orElse(meta.sortKey() == null ? List.of() : List.of(meta.sortKey()));
    for (int i = 0; i < match.partitionValues().size(); i++) {
      checkType(meta, partition.get(i), match.partitionValues().get(i));
    }
    for (int i = 0; i < match.sortPrefix().size(); i++) {
      checkType(meta, sort.get(i), match.sortPrefix().get(i));
    }
    if (match.range().isPresent()) {
      KeyTerm term = match.range().get();
      for (AttributeValue v : term.values()) {
        checkType(meta, term.attributeName(), v);
      }
      if (term.op() == KeyOperator.BEGINS_WITH
          && meta.typeOf(term.attributeName()) == ScalarAttributeType.N) {
        throw new ValidationException(
            "Invalid KeyConditionExpression: Incorrect operand type for operator or function;"
                + " operator or function: begins_with, operand type: N");
      }
    }
  }

  /** DynamoDB wants a Query's key attributes in its key condition, never in its filter. */
  private static void rejectFilterOnKeys(
      TableMeta meta, Optional<IndexMeta> index, Optional<Condition> filter) {
    if (filter.isEmpty()) {
      return;
    }
    List<String> keys = index.map(IndexMeta::keyAttributes).orElse(meta.primaryKeyAttributes());
    for (String name : ConditionPaths.topLevelNames(filter.get())) {
      if (keys.contains(name)) {
        throw new ValidationException(
            "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
                + name);
      }
    }
  }

  private static void checkType(TableMeta meta, String attribute, AttributeValue v) {
    if (v.type() != meta.typeOf(attribute).valueType()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Condition parameter type does not match"
              + " schema type");
    }
  }

  /** The key range of one partition prefix narrowed by an optional sort-key term. */
  static KeyRange sortRange(byte[] prefix, Optional<KeyTerm> range) {
    byte[] all = KeyEncoding.componentEnd(prefix);
    if (range.isEmpty()) {
      return new KeyRange(prefix, all);
    }
    KeyTerm term = range.get();
    List<AttributeValue> v = term.values();
    switch (term.op()) {
      case EQ:
        {
          byte[] k = StorageKeys.concat(prefix, KeyEncoding.encode(v.get(0)));
          return new KeyRange(k, KeyEncoding.componentEnd(k));
        }
      case LT:
        return new KeyRange(prefix, StorageKeys.concat(prefix, KeyEncoding.encode(v.get(0))));
      case LE:
        return new KeyRange(
            prefix,
            KeyEncoding.componentEnd(StorageKeys.concat(prefix, KeyEncoding.encode(v.get(0)))));
      case GT:
        return new KeyRange(
            KeyEncoding.componentEnd(StorageKeys.concat(prefix, KeyEncoding.encode(v.get(0)))),
            all);
      case GE:
        return new KeyRange(StorageKeys.concat(prefix, KeyEncoding.encode(v.get(0))), all);
      case BETWEEN:
        {
          byte[] lo = StorageKeys.concat(prefix, KeyEncoding.encode(v.get(0)));
          byte[] hi =
              KeyEncoding.componentEnd(StorageKeys.concat(prefix, KeyEncoding.encode(v.get(1))));
          if (Arrays.compareUnsigned(lo, hi) > 0) {
            throw new ValidationException(
                "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be"
                    + " greater than or equal to lower bound; lower bound operand: AttributeValue: "
                    + v.get(0)
                    + ", upper bound operand: AttributeValue: "
                    + v.get(1));
          }
          return new KeyRange(lo, hi);
        }
      case BEGINS_WITH:
        {
          byte[] p = StorageKeys.concat(prefix, KeyEncoding.encodePrefix(v.get(0)));
          return new KeyRange(p, KeyEncoding.prefixEnd(p));
        }
      default:
        throw new IllegalStateException("unknown key operator " + term.op());
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] startKey(
      TableMeta meta, Optional<IndexMeta> index, Map<String, AttributeValue> esk) {
    Set<String> keyAttributes = new HashSet<>(meta.primaryKeyAttributes());
    index.ifPresent(i -> keyAttributes.addAll(i.keyAttributes()));
    if (!keyAttributes.containsAll(esk.keySet())) {
      throw new ValidationException(
          "The provided starting key is invalid: The provided key element does not match the"
              + " schema");
    }
    if (index.isPresent()) {
      return IndexEntries.entryKeyOfStartKey(meta, index.get(), esk);
    }
    for (String k : meta.primaryKeyAttributes()) {
      AttributeValue v = esk.get(k);
      if (v == null || v.type() != meta.typeOf(k).valueType()) {
        throw new ValidationException(
            "The provided starting key is invalid: The provided key element does not match the"
                + " schema");
      }
    }
    return KeyRules.storageKey(meta, esk);
  }
}

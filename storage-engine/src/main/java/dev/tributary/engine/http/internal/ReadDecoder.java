package dev.tributary.engine.http.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReadRequestBuilder;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.Select;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Query and Scan requests, from DynamoDB's JSON to engine requests. */
final class ReadDecoder {
  private ReadDecoder() {}

  static QueryRequest query(JsonRequest r) {
    LegacyParameters legacy = new LegacyParameters(r);
    String table = r.tableName("TableName");
    String keyCondition =
        (r.has("KeyConditions") ? legacy.keyConditions(r) : r.string("KeyConditionExpression"))
            .orElse(null);
    if (keyCondition == null) {
      r.check();
      throw new ValidationException(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the"
              + " request.");
    }
    QueryRequest.Builder b = QueryRequest.builder(table, keyCondition);
    b.scanIndexForward(r.bool("ScanIndexForward", true));
    readMembers(r, b, legacy, "QueryFilter");
    r.check();
    return b.build();
  }

  static ScanRequest scan(JsonRequest r) {
    LegacyParameters legacy = new LegacyParameters(r);
    ScanRequest.Builder b = ScanRequest.builder(r.tableName("TableName"));
    OptionalInt segment = r.intValue("Segment", 0, 999_999);
    OptionalInt total = r.intValue("TotalSegments", 1, 1_000_000);
    if (segment.isPresent() != total.isPresent()) {
      r.check();
      throw new ValidationException(
          "The TotalSegments parameter is required but was not present in the request when"
              + " parameter Segment is present");
    }
    if (segment.isPresent()) {
      b.segment(segment.getAsInt(), total.getAsInt());
    }
    readMembers(r, b, legacy, "ScanFilter");
    r.check();
    return b.build();
  }

  private static void readMembers(
      JsonRequest r, ReadRequestBuilder<?> b, LegacyParameters legacy, String legacyFilter) {
    r.string("IndexName").ifPresent(b::index);
    boolean legacyFilterGiven = r.has(legacyFilter) || r.has("ConditionalOperator");
    (legacyFilterGiven ? legacy.filter(r, legacyFilter) : r.string("FilterExpression"))
        .ifPresent(b::filter);
    CommonMembers.Projected p = CommonMembers.projection(r);
    p.expression().ifPresent(b::projection);
    legacy.requireExpressionsForPlaceholders(r);
    // KeyConditions may come with expressions: the generated placeholders join the client's
    Map<String, String> names = new LinkedHashMap<>(p.names());
    names.putAll(legacy.parameters().names());
    Map<String, AttributeValue> values = new LinkedHashMap<>(CommonMembers.values(r));
    values.putAll(legacy.parameters().values());
    b.expressionParameters(new ExpressionParameters(names, values));
    Optional<Select> select = r.enumValue("Select", Select.class);
    if (select.isPresent()
        && select.get() != Select.SPECIFIC_ATTRIBUTES
        && r.has("AttributesToGet")) {
      // AttributesToGet became a ProjectionExpression above: name what the client sent
      throw new ValidationException(
          "Cannot specify the AttributesToGet when choosing to get " + select.get());
    }
    select.ifPresent(b::select);
    r.intValue("Limit", 1, Integer.MAX_VALUE).ifPresent(b::limit);
    r.item("ExclusiveStartKey").ifPresent(b::exclusiveStartKey);
    b.consistentRead(r.bool("ConsistentRead", false));
    b.returnConsumedCapacity(CommonMembers.returnConsumedCapacity(r));
  }
}

package dev.tributary.engine.http.internal;

import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteRequestBuilder;
import java.util.Optional;
import java.util.function.Function;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem requests, from DynamoDB's JSON to engine requests.
 */
final class ItemDecoder {
  private ItemDecoder() {}

  static PutItemRequest put(JsonRequest r) {
    LegacyParameters legacy = new LegacyParameters(r);
    return decoded(
        r,
        legacy,
        PutItemRequest.builder(r.tableName("TableName"), r.requiredItem("Item")),
        PutItemRequest.Builder::build);
  }

  static UpdateItemRequest update(JsonRequest r) {
    LegacyParameters legacy = new LegacyParameters(r);
    UpdateItemRequest.Builder b =
        UpdateItemRequest.builder(r.tableName("TableName"), r.requiredItem("Key"));
    Optional<String> update =
        legacy.used() ? legacy.attributeUpdates(r) : r.string("UpdateExpression");
    update.ifPresent(b::update);
    return decoded(r, legacy, b, UpdateItemRequest.Builder::build);
  }

  static DeleteItemRequest delete(JsonRequest r) {
    LegacyParameters legacy = new LegacyParameters(r);
    return decoded(
        r,
        legacy,
        DeleteItemRequest.builder(r.tableName("TableName"), r.requiredItem("Key")),
        DeleteItemRequest.Builder::build);
  }

  static GetItemRequest get(JsonRequest r) {
    String table = r.tableName("TableName");
    var key = r.requiredItem("Key");
    boolean consistent = r.bool("ConsistentRead", false);
    CommonMembers.Projected p = CommonMembers.projection(r);
    var rcc = CommonMembers.returnConsumedCapacity(r);
    r.check();
    return new GetItemRequest(table, key, consistent, p.expression(), p.names(), rcc);
  }

  /** Reads the members every write shares into {@code b}, checks the request and builds it. */
  private static <B extends WriteRequestBuilder<B>, T> T decoded(
      JsonRequest r, LegacyParameters legacy, B b, Function<B, T> build) {
    writeMembers(r, b, legacy);
    r.check();
    return build.apply(b);
  }

  private static void writeMembers(
      JsonRequest r, WriteRequestBuilder<?> b, LegacyParameters legacy) {
    if (legacy.used()) {
      legacy.expected(r).ifPresent(b::condition);
      legacy.requireExpressionsForPlaceholders(r);
      b.expressionParameters(legacy.parameters());
    } else {
      r.string("ConditionExpression").ifPresent(b::condition);
      b.expressionParameters(CommonMembers.parameters(r));
    }
    b.returnValues(CommonMembers.returnValues(r));
    b.returnOldItemOnConditionCheckFailure(CommonMembers.allOldOnConditionFailure(r));
    b.returnConsumedCapacity(CommonMembers.returnConsumedCapacity(r));
    CommonMembers.returnItemCollectionMetrics(r);
  }
}

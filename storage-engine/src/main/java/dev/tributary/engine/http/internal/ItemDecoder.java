package dev.tributary.engine.http.internal;

import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteRequestBuilder;

/** PutItem, GetItem, UpdateItem and DeleteItem requests, from DynamoDB's JSON to engine requests. */
final class ItemDecoder {
  private ItemDecoder() {}

  static PutItemRequest put(JsonRequest r) {
    CommonMembers.rejectLegacyConditions(r);
    PutItemRequest.Builder b =
        PutItemRequest.builder(r.tableName("TableName"), r.requiredItem("Item"));
    writeMembers(r, b);
    r.check();
    return b.build();
  }

  static UpdateItemRequest update(JsonRequest r) {
    CommonMembers.rejectLegacyConditions(r);
    r.rejectLegacy("AttributeUpdates", "UpdateExpression");
    UpdateItemRequest.Builder b =
        UpdateItemRequest.builder(r.tableName("TableName"), r.requiredItem("Key"));
    r.string("UpdateExpression").ifPresent(b::update);
    writeMembers(r, b);
    r.check();
    return b.build();
  }

  static DeleteItemRequest delete(JsonRequest r) {
    CommonMembers.rejectLegacyConditions(r);
    DeleteItemRequest.Builder b =
        DeleteItemRequest.builder(r.tableName("TableName"), r.requiredItem("Key"));
    writeMembers(r, b);
    r.check();
    return b.build();
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

  private static void writeMembers(JsonRequest r, WriteRequestBuilder<?> b) {
    r.string("ConditionExpression").ifPresent(b::condition);
    b.expressionParameters(CommonMembers.parameters(r));
    b.returnValues(CommonMembers.returnValues(r));
    b.returnOldItemOnConditionCheckFailure(CommonMembers.allOldOnConditionFailure(r));
    b.returnConsumedCapacity(CommonMembers.returnConsumedCapacity(r));
    CommonMembers.returnItemCollectionMetrics(r);
  }
}

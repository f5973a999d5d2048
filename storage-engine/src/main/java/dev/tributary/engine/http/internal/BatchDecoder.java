package dev.tributary.engine.http.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.KeysAndAttributes;
import dev.tributary.engine.model.TransactGet;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.WriteRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems requests. */
final class BatchDecoder {
  private BatchDecoder() {}

  static Map<String, KeysAndAttributes> batchGet(JsonRequest r) {
    r.require("RequestItems");
    Map<String, KeysAndAttributes> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonRequest> e : r.objectMap("RequestItems").entrySet()) {
      JsonRequest k = e.getValue();
      CommonMembers.Projected p = CommonMembers.projection(k);
      List<Map<String, AttributeValue>> keys = k.items("Keys");
      k.require("Keys");
      out.put(
          e.getKey(),
          new KeysAndAttributes(keys, p.expression(), p.names(), k.bool("ConsistentRead", false)));
    }
    CommonMembers.returnConsumedCapacity(r);
    r.check();
    return out;
  }

  /** A request map as DynamoDB prints it in a constraint message: {@code {table=[...]}}. */
  private static String describe(Map<String, List<JsonRequest>> items) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, List<JsonRequest>> e : items.entrySet()) {
      b.append(b.length() > 1 ? ", " : "")
          .append(e.getKey())
          .append("=[")
          .append(e.getValue().isEmpty() ? "" : "...")
          .append("]");
    }
    return b.append("}").toString();
  }

  static List<WriteRequest> batchWrite(JsonRequest r) {
    r.require("RequestItems");
    CommonMembers.returnItemCollectionMetrics(r);
    List<WriteRequest> out = new ArrayList<>();
    Map<String, List<JsonRequest>> requestItems = r.objectListMap("RequestItems");
    for (Map.Entry<String, List<JsonRequest>> e : requestItems.entrySet()) {
      if (e.getValue().isEmpty()) {
        r.violation(
            "RequestItems",
            describe(requestItems),
            "Map value must satisfy constraint:"
                + " [Member must have length less than or equal to 25, Member must have length greater"
                + " than or equal to 1]");
        break;
      }
    }
    for (Map.Entry<String, List<JsonRequest>> e : requestItems.entrySet()) {
      for (JsonRequest w : e.getValue()) {
        Optional<JsonRequest> put = w.object("PutRequest");
        Optional<JsonRequest> delete = w.object("DeleteRequest");
        if (put.isPresent() == delete.isPresent()) {
          throw new ValidationException(
              "A WriteRequest must contain exactly one of PutRequest or DeleteRequest");
        }
        if (put.isPresent()) {
          out.add(WriteRequest.put(e.getKey(), put.get().requiredItem("Item")));
        } else {
          out.add(WriteRequest.delete(e.getKey(), delete.get().requiredItem("Key")));
        }
      }
    }
    r.check();
    return out;
  }

  static TransactWriteItemsRequest transactWrite(JsonRequest r) {
    r.require("TransactItems");
    List<TransactWriteItem> items = new ArrayList<>();
    for (JsonRequest t : r.objects("TransactItems")) {
      items.add(transactWriteItem(t));
    }
    Optional<String> token = r.string("ClientRequestToken");
    if (token.isPresent() && (token.get().isEmpty() || token.get().length() > 36)) {
      r.violation(
          "ClientRequestToken",
          token.get(),
          "Member must have length less than or equal to 36, greater than or equal to 1");
    }
    var rcc = CommonMembers.returnConsumedCapacity(r);
    CommonMembers.returnItemCollectionMetrics(r);
    r.check();
    return new TransactWriteItemsRequest(items, token, rcc);
  }

  private static TransactWriteItem transactWriteItem(JsonRequest t) {
    Optional<JsonRequest> check = t.object("ConditionCheck");
    Optional<JsonRequest> put = t.object("Put");
    Optional<JsonRequest> delete = t.object("Delete");
    Optional<JsonRequest> update = t.object("Update");
    int present =
        (check.isPresent() ? 1 : 0)
            + (put.isPresent() ? 1 : 0)
            + (delete.isPresent() ? 1 : 0)
            + (update.isPresent() ? 1 : 0);
    if (present != 1) {
      throw new ValidationException(
          "TransactItems can only contain one of Check, Put, Update or Delete");
    }
    if (put.isPresent()) {
      JsonRequest p = put.get();
      return new TransactWriteItem.Put(
          p.tableName("TableName"),
          p.requiredItem("Item"),
          p.string("ConditionExpression"),
          parameters(p),
          CommonMembers.allOldOnConditionFailure(p));
    }
    if (update.isPresent()) {
      JsonRequest u = update.get();
      return new TransactWriteItem.Update(
          u.tableName("TableName"),
          u.requiredItem("Key"),
          u.requiredString("UpdateExpression"),
          u.string("ConditionExpression"),
          parameters(u),
          CommonMembers.allOldOnConditionFailure(u));
    }
    if (delete.isPresent()) {
      JsonRequest d = delete.get();
      return new TransactWriteItem.Delete(
          d.tableName("TableName"),
          d.requiredItem("Key"),
          d.string("ConditionExpression"),
          parameters(d),
          CommonMembers.allOldOnConditionFailure(d));
    }
    JsonRequest c = check.get();
    String condition = c.requiredString("ConditionExpression");
    return new TransactWriteItem.ConditionCheck(
        c.tableName("TableName"),
        c.requiredItem("Key"),
        Optional.of(condition),
        parameters(c),
        CommonMembers.allOldOnConditionFailure(c));
  }

  private static ExpressionParameters parameters(JsonRequest r) {
    return CommonMembers.parameters(r);
  }

  static List<TransactGet> transactGet(JsonRequest r) {
    r.require("TransactItems");
    List<TransactGet> gets = new ArrayList<>();
    for (JsonRequest t : r.objects("TransactItems")) {
      JsonRequest g = t.requiredObject("Get");
      CommonMembers.Projected p = CommonMembers.projection(g);
      gets.add(
          new TransactGet(
              g.tableName("TableName"), g.requiredItem("Key"), p.expression(), p.names()));
    }
    CommonMembers.returnConsumedCapacity(r);
    r.check();
    return gets;
  }
}

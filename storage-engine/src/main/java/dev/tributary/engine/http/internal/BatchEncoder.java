package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.engine.model.BatchGetItemResponse;
import dev.tributary.engine.model.BatchWriteItemResponse;
import dev.tributary.engine.model.KeysAndAttributes;
import dev.tributary.engine.model.TransactGetItemsResponse;
import dev.tributary.engine.model.TransactWriteItemsResponse;
import dev.tributary.engine.model.WriteRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems responses. */
final class BatchEncoder {
  private BatchEncoder() {}

  static byte[] batchGet(BatchGetItemResponse response) {
    return JsonOut.object(
        g -> {
          g.writeObjectFieldStart("Responses");
          for (Map.Entry<String, List<Map<String, AttributeValue>>> e :
              response.responses().entrySet()) {
            JsonOut.items(g, e.getKey(), e.getValue());
          }
          g.writeEndObject();
          g.writeObjectFieldStart("UnprocessedKeys");
          for (Map.Entry<String, KeysAndAttributes> e : response.unprocessedKeys().entrySet()) {
            g.writeFieldName(e.getKey());
            keysAndAttributes(g, e.getValue());
          }
          g.writeEndObject();
          JsonOut.consumedCapacities(g, response.consumedCapacity());
        });
  }

  private static void keysAndAttributes(JsonGenerator g, KeysAndAttributes k) throws IOException {
    g.writeStartObject();
    JsonOut.items(g, "Keys", k.keys());
    if (k.projectionExpression().isPresent()) {
      g.writeStringField("ProjectionExpression", k.projectionExpression().get());
    }
    if (!k.expressionAttributeNames().isEmpty()) {
      g.writeObjectFieldStart("ExpressionAttributeNames");
      for (Map.Entry<String, String> n : k.expressionAttributeNames().entrySet()) {
        g.writeStringField(n.getKey(), n.getValue());
      }
      g.writeEndObject();
    }
    if (k.consistentRead()) {
      g.writeBooleanField("ConsistentRead", true);
    }
    g.writeEndObject();
  }

  static byte[] batchWrite(BatchWriteItemResponse response) {
    Map<String, List<WriteRequest>> byTable = new LinkedHashMap<>();
    for (WriteRequest w : response.unprocessedItems()) {
      byTable.computeIfAbsent(w.tableName(), t -> new ArrayList<>()).add(w);
    }
    return JsonOut.object(
        g -> {
          g.writeObjectFieldStart("UnprocessedItems");
          for (Map.Entry<String, List<WriteRequest>> e : byTable.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (WriteRequest w : e.getValue()) {
              g.writeStartObject();
              if (w instanceof WriteRequest.Put p) {
                g.writeObjectFieldStart("PutRequest");
                JsonOut.item(g, "Item", p.item());
              } else {
                g.writeObjectFieldStart("DeleteRequest");
                JsonOut.item(g, "Key", ((WriteRequest.Delete) w).key());
              }
              g.writeEndObject();
              g.writeEndObject();
            }
            g.writeEndArray();
          }
          g.writeEndObject();
          JsonOut.consumedCapacities(g, response.consumedCapacity());
        });
  }

  static byte[] transactWrite(TransactWriteItemsResponse response) {
    return JsonOut.object(g -> JsonOut.consumedCapacities(g, response.consumedCapacity()));
  }

  static byte[] transactGet(TransactGetItemsResponse response) {
    return JsonOut.object(
        g -> {
          g.writeArrayFieldStart("Responses");
          for (Optional<Map<String, AttributeValue>> item : response.responses()) {
            g.writeStartObject();
            if (item.isPresent()) {
              g.writeFieldName("Item");
              AttributeValueJson.writeItem(g, item.get());
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          JsonOut.consumedCapacities(g, response.consumedCapacity());
        });
  }
}

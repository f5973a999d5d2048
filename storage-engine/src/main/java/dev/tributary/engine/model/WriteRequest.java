package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;

/** One put or delete inside a BatchWriteItem. */
public sealed interface WriteRequest permits WriteRequest.Put, WriteRequest.Delete {
  String tableName();

  static Put put(String tableName, Map<String, AttributeValue> item) {
    return new Put(tableName, item);
  }

  static Delete delete(String tableName, Map<String, AttributeValue> key) {
    return new Delete(tableName, key);
  }

  /** PutRequest: store this item, replacing any item with its key. */
  record Put(String tableName, Map<String, AttributeValue> item) implements WriteRequest {
    public Put {
      Objects.requireNonNull(tableName, "tableName");
      Objects.requireNonNull(item, "item");
    }
  }

  /** DeleteRequest: remove the item with this key. */
  record Delete(String tableName, Map<String, AttributeValue> key) implements WriteRequest {
    public Delete {
      Objects.requireNonNull(tableName, "tableName");
      Objects.requireNonNull(key, "key");
    }
  }
}

package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.ScalarAttributeType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DynamoDB's rules for primary keys and whole items, with its messages: keys present and of the
 * declared type, no empty key strings or binaries, key size limits, 400 KB items.
 */
final class KeyRules {
  static final int MAX_PARTITION_KEY_BYTES = 2048;
  static final int MAX_SORT_KEY_BYTES = 1024;

  private KeyRules() {}

  /** Checks a whole item for PutItem; returns its primary key attributes. */
  static Map<String, AttributeValue> keyOfItem(TableMeta table, Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>(4);
    for (String name : table.primaryKeyAttributes()) {
      AttributeValue v = item.get(name);
      if (v == null) {
        throw new ValidationException(
            "One or more parameter values were invalid: Missing the key " + name + " in the item");
      }
      checkKeyValue(table, name, v, true);
      key.put(name, v);
    }
    checkItemSize(item);
    return key;
  }

  /**
   * Checks a BatchWriteItem PutRequest's item: as {@link #keyOfItem}, except that a missing or
   * mistyped key attribute is DynamoDB's "The provided key element does not match the schema".
   */
  static Map<String, AttributeValue> keyOfBatchItem(
      TableMeta table, Map<String, AttributeValue> item) {
    for (String name : table.primaryKeyAttributes()) {
      AttributeValue v = item.get(name);
      if (v == null || v.type() != table.typeOf(name).valueType()) {
        throw new ValidationException("The provided key element does not match the schema");
      }
    }
    return keyOfItem(table, item);
  }

  /** Checks a Key parameter (GetItem, UpdateItem, DeleteItem, ...): exactly the key attributes. */
  static Map<String, AttributeValue> checkKey(TableMeta table, Map<String, AttributeValue> key) {
    if (key.size() != table.primaryKeyAttributes().size()) {
      throw new ValidationException("The provided key element does not match the schema");
    }
    for (String name : table.primaryKeyAttributes()) {
      AttributeValue v = key.get(name);
      if (v == null || v.type() != table.typeOf(name).valueType()) {
        throw new ValidationException("The provided key element does not match the schema");
      }
      checkKeyValue(table, name, v, false);
    }
    return key;
  }

  private static void checkKeyValue(
      TableMeta table, String name, AttributeValue v, boolean inItem) {
    ScalarAttributeType expected = table.typeOf(name);
    if (v.type() != expected.valueType()) {
      if (inItem) {
        throw new ValidationException(
            "One or more parameter values were invalid: Type mismatch for key "
                + name
                + " expected: "
                + expected
                + " actual: "
                + v.type().descriptor());
      }
      throw new ValidationException("The provided key element does not match the schema");
    }
    if (v instanceof AttributeValue.S s && s.value().isEmpty()) {
      throw new ValidationException(
          "One or more parameter values are not valid. The AttributeValue for a key attribute"
              + " cannot contain an empty string value. Key: "
              + name);
    }
    if (v instanceof AttributeValue.B b && b.value().length() == 0) {
      throw new ValidationException(
          "One or more parameter values are not valid. The AttributeValue for a key attribute"
              + " cannot contain an empty binary value. Key: "
              + name);
    }
    checkKeySize(name.equals(table.partitionKey()), v);
  }

  /** A partition key (of the table or an index) is at most 2,048 bytes, a sort key 1,024. */
  static void checkKeySize(boolean partition, AttributeValue v) {
    long size = ItemSizes.valueSize(v);
    if (partition && size > MAX_PARTITION_KEY_BYTES) {
      throw new ValidationException(
          "One or more parameter values were invalid: Size of hashkey has exceeded the maximum"
              + " size limit of2048 bytes");
    }
    if (!partition && size > MAX_SORT_KEY_BYTES) {
      throw new ValidationException(
          "One or more parameter values were invalid: Aggregated size of all range keys has"
              + " exceeded the size limit of 1024 bytes");
    }
  }

  static void checkItemSize(Map<String, AttributeValue> item) {
    ItemLimits.check(item);
    if (ItemSizes.itemSize(item) > ItemSizes.MAX_ITEM_BYTES) {
      throw new ValidationException("Item size has exceeded the maximum allowed size");
    }
  }

  static byte[] storageKey(TableMeta table, Map<String, AttributeValue> key) {
    return StorageKeys.itemKey(
        table.id(),
        key.get(table.partitionKey()),
        table.sortKey() == null ? null : key.get(table.sortKey()));
  }

  /** The primary key attributes of an item known to be valid. */
  static Map<String, AttributeValue> keyOf(TableMeta table, Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new LinkedHashMap<>(4);
    for (String name : table.primaryKeyAttributes()) {
      key.put(name, item.get(name));
    }
    return key;
  }
}

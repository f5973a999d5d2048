package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.ProjectionType;
import dev.tributary.engine.model.ScalarAttributeType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a secondary index holds for an item: its entry key (absent when the item lacks an index key
 * attribute: sparse indexes) and its projected attributes.
 */
final class IndexEntries {
  private IndexEntries() {}

  /**
   * Rejects an item whose index key attributes have the wrong type or are empty, as DynamoDB does.
   */
  static void validate(TableMeta table, Map<String, AttributeValue> item) {
    for (IndexMeta index : table.indexes()) {
      for (String name : index.keyAttributes()) {
        AttributeValue v = item.get(name);
        if (v == null || table.isKeyAttribute(name)) {
          continue;
        }
        ScalarAttributeType expected = table.typeOf(name);
        if (v.type() != expected.valueType()) {
          throw new ValidationException(
              "One or more parameter values were invalid: Type mismatch for Index Key "
                  + name
                  + " Expected: "
                  + expected
                  + " Actual: "
                  + v.type().descriptor()
                  + " IndexName: "
                  + index.name());
        }
        boolean empty =
            (v instanceof AttributeValue.S s && s.value().isEmpty())
                || (v instanceof AttributeValue.B b && b.value().length() == 0);
        if (empty) {
          throw new ValidationException(
              "One or more parameter values are not valid. A value specified for a secondary index"
                  + " key is not supported. The AttributeValue for a key attribute cannot contain an"
                  + " empty "
                  + (v instanceof AttributeValue.S ? "string" : "binary")
                  + " value. IndexName: "
                  + index.name()
                  + ", IndexKey: "
                  + name);
        }
        KeyRules.checkKeySize(index.partitionAttributes().contains(name), v);
      }
    }
  }

  /**
   * Whether an item's index key attributes can key an entry: the declared type, not empty, not
   * longer than a key may be. Writes reject other items ({@link #validate}); a backfill, which
   * meets items written before the index existed, skips them as DynamoDB does.
   */
  private static boolean indexable(
      TableMeta table, IndexMeta index, Map<String, AttributeValue> item) {
    for (String name : index.keyAttributes()) {
      AttributeValue v = item.get(name);
      if (v.type() != table.typeOf(name).valueType()) {
        return false;
      }
      long size = ItemSizes.valueSize(v);
      boolean partition = index.partitionAttributes().contains(name);
      if ((v instanceof AttributeValue.S s && s.value().isEmpty())
          || (v instanceof AttributeValue.B b && b.value().length() == 0)
          || size > (partition ? KeyRules.MAX_PARTITION_KEY_BYTES : KeyRules.MAX_SORT_KEY_BYTES)) {
        return false;
      }
    }
    return true;
  }

  /** The entry key of {@code item} in {@code index}, or null when the item is not indexed. */
  static byte[] entryKey(TableMeta table, IndexMeta index, Map<String, AttributeValue> item) {
    if (item == null) {
      return null;
    }
    List<AttributeValue> partition = values(index.partitionAttributes(), item);
    List<AttributeValue> sort = partition == null ? null : values(index.sortAttributes(), item);
    if (partition == null || sort == null || !indexable(table, index, item)) {
      return null;
    }
    return StorageKeys.indexEntryKey(
        index.uid(),
        partition,
        sort,
        item.get(table.partitionKey()),
        table.sortKey() == null ? null : item.get(table.sortKey()));
  }

  /** The entry key for an ExclusiveStartKey given on an index query or scan. */
  static byte[] entryKeyOfStartKey(
      TableMeta table, IndexMeta index, Map<String, AttributeValue> key) {
    byte[] k = entryKey(table, index, key);
    if (k == null
        || key.get(table.partitionKey()) == null
        || (table.sortKey() != null && key.get(table.sortKey()) == null)) {
      throw new ValidationException(
          "The provided starting key is invalid: The provided key element does not match the schema");
    }
    return k;
  }

  private static List<AttributeValue> values(List<String> names, Map<String, AttributeValue> item) {
    List<AttributeValue> out = new ArrayList<>(names.size());
    for (String n : names) {
      AttributeValue v = item.get(n);
      if (v == null) {
        return null;
      }
      out.add(v);
    }
    return out;
  }

  /** The attributes the index stores for an item: all, keys only, or keys plus named ones. */
  static Map<String, AttributeValue> project(
      TableMeta table, IndexMeta index, Map<String, AttributeValue> item) {
    if (index.projectionType() == ProjectionType.ALL) {
      return item;
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (String k : table.primaryKeyAttributes()) {
      out.put(k, item.get(k));
    }
    for (String k : index.keyAttributes()) {
      out.put(k, item.get(k));
    }
    if (index.projectionType() == ProjectionType.INCLUDE) {
      for (String k : index.nonKeyAttributes()) {
        AttributeValue v = item.get(k);
        if (v != null) {
          out.put(k, v);
        }
      }
    }
    return out;
  }

  /** The key attributes that identify an index entry: index keys, then table keys. */
  static Map<String, AttributeValue> lastEvaluatedKey(
      TableMeta table, IndexMeta index, Map<String, AttributeValue> item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    for (String k : index.keyAttributes()) {
      out.put(k, item.get(k));
    }
    for (String k : table.primaryKeyAttributes()) {
      out.put(k, item.get(k));
    }
    return out;
  }
}

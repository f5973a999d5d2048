package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.AttributeDefinition;
import dev.tributary.engine.model.IndexDescription;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.KeyType;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.TableDescription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded engine's tables for the console: list, describe, a page of a scan or of one
 * partition's query, and an item's change history read from the table's change log.
 */
final class TablesView {
  /** At most this many change-log records are read for one item's history. */
  static final int HISTORY_SCAN_LIMIT = 100_000;

  private final TributaryEngine engine;

  TablesView(TributaryEngine engine) {
    this.engine = engine;
  }

  ArrayNode list() {
    ArrayNode out = Web.JSON.createArrayNode();
    for (String name : engine.listTables().tableNames()) {
      TableDescription d = engine.describeTable(name);
      ObjectNode o = out.addObject();
      o.put("name", name);
      o.put("items", d.itemCount());
      o.put("bytes", d.tableSizeBytes());
      o.put("key", keys(d.keySchema()));
      o.put(
          "stream",
          d.streamSpecification()
              .filter(s -> s.streamEnabled())
              .flatMap(s -> s.streamViewType())
              .map(Enum::name)
              .orElse("off"));
      o.put("indexes", d.globalSecondaryIndexes().size() + d.localSecondaryIndexes().size());
    }
    return out;
  }

  ObjectNode describe(String table) {
    TableDescription d = engine.describeTable(table);
    ObjectNode o = Web.JSON.createObjectNode();
    o.put("name", d.tableName());
    o.put("arn", d.tableArn());
    o.put("status", d.tableStatus().name());
    o.put("created", d.creationDateTime().toString());
    o.put("billingMode", d.billingMode().name());
    o.put("items", d.itemCount());
    o.put("bytes", d.tableSizeBytes());
    ArrayNode key = o.putArray("keySchema");
    for (KeySchemaElement k : d.keySchema()) {
      key.addObject()
          .put("name", k.attributeName())
          .put("keyType", k.keyType().name())
          .put("type", type(d, k.attributeName()));
    }
    ArrayNode idx = o.putArray("indexes");
    for (IndexDescription i : concat(d.globalSecondaryIndexes(), d.localSecondaryIndexes())) {
      idx.addObject()
          .put("name", i.indexName())
          .put("global", i.global())
          .put("key", keys(i.keySchema()))
          .put("projection", i.projection().toString())
          .put("items", i.itemCount());
    }
    o.put(
        "stream",
        d.streamSpecification()
            .filter(s -> s.streamEnabled())
            .flatMap(s -> s.streamViewType())
            .map(Enum::name)
            .orElse("off"));
    d.latestStreamArn().ifPresent(a -> o.put("streamArn", a));
    return o;
  }

  /**
   * A page of items: a query of one partition when {@code partitionValue} is given (of the table or
   * {@code index}), else a scan; {@code startKey} is the previous page's {@code nextKey}.
   */
  ObjectNode page(
      String table,
      Optional<String> index,
      Optional<String> partitionValue,
      int limit,
      Optional<String> startKey) {
    Optional<Map<String, AttributeValue>> start = startKey.map(AttributeValueJson::itemFromJson);
    PageResponse page;
    if (partitionValue.isPresent()) {
      TableDescription d = engine.describeTable(table);
      List<KeySchemaElement> schema =
          index
              .map(
                  n ->
                      concat(d.globalSecondaryIndexes(), d.localSecondaryIndexes()).stream()
                          .filter(i -> i.indexName().equals(n))
                          .findFirst()
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "table " + table + " has no index " + n))
                          .keySchema())
              .orElse(d.keySchema());
      String pk =
          schema.stream()
              .filter(k -> k.keyType() == KeyType.HASH)
              .findFirst()
              .orElseThrow()
              .attributeName();
      String type = type(d, pk);
      AttributeValue v =
          switch (type) {
            case "N" -> AttributeValue.n(partitionValue.get());
            case "B" -> AttributeValue.b(Base64.getDecoder().decode(partitionValue.get()));
            default -> AttributeValue.s(partitionValue.get());
          };
      QueryRequest.Builder q =
          QueryRequest.builder(table, "#pk = :pk").name("#pk", pk).value(":pk", v).limit(limit);
      index.ifPresent(q::index);
      start.ifPresent(q::exclusiveStartKey);
      page = engine.query(q.build());
    } else {
      ScanRequest.Builder s = ScanRequest.builder(table).limit(limit);
      index.ifPresent(s::index);
      start.ifPresent(s::exclusiveStartKey);
      page = engine.scan(s.build());
    }
    ObjectNode o = Web.JSON.createObjectNode();
    ArrayNode items = o.putArray("items");
    for (Map<String, AttributeValue> item : page.items()) {
      items.add(tree(AttributeValueJson.itemToJson(item)));
    }
    o.put("count", page.count());
    o.put("scannedCount", page.scannedCount());
    page.lastEvaluatedKey().ifPresent(k -> o.put("nextKey", AttributeValueJson.itemToJson(k)));
    o.set("keySchema", describe(table).get("keySchema"));
    return o;
  }

  /**
   * Every retained change of the item with {@code keyJson} (DynamoDB JSON of its key), oldest
   * first.
   */
  ObjectNode history(String table, String keyJson) {
    Map<String, AttributeValue> key = AttributeValueJson.itemFromJson(keyJson);
    ChangeStream log = engine.changeStream(table);
    ObjectNode o = Web.JSON.createObjectNode();
    ArrayNode changes = o.putArray("changes");
    long after = log.oldestSequence().map(s -> s - 1).orElse(log.latestSequence());
    long latest = log.latestSequence();
    int read = 0;
    while (after < latest && read < HISTORY_SCAN_LIMIT) {
      List<ChangeEvent> batch = log.read(after, 1_000);
      if (batch.isEmpty()) {
        break;
      }
      for (ChangeEvent e : batch) {
        read++;
        if (e.dynamodb().keys().equals(key)) {
          changes.add(tree(ChangeEventJson.toJson(e)));
        }
      }
      after = ChangeStream.sequenceOf(batch.get(batch.size() - 1));
    }
    o.put("scanned", read);
    o.put("complete", after >= latest);
    return o;
  }

  private static String type(TableDescription d, String attribute) {
    return d.attributeDefinitions().stream()
        .filter(a -> a.attributeName().equals(attribute))
        .map(AttributeDefinition::attributeType)
        .map(Enum::name)
        .findFirst()
        .orElse("S");
  }

  private static String keys(List<KeySchemaElement> schema) {
    return String.join(
        ", ",
        schema.stream()
            .map(
                k -> k.attributeName() + (k.keyType() == KeyType.HASH ? " (partition)" : " (sort)"))
            .toList());
  }

  private static List<IndexDescription> concat(List<IndexDescription> a, List<IndexDescription> b) {
    List<IndexDescription> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static JsonNode tree(String json) {
    try {
      return Web.JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

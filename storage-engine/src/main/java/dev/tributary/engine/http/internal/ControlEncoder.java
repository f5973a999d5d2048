package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.engine.model.AttributeDefinition;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.IndexDescription;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProvisionedThroughputDescription;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import dev.tributary.engine.model.TimeToLiveDescription;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Control-plane responses: TableDescription and the small operations around tables. */
final class ControlEncoder {
  private ControlEncoder() {}

  /**
   * @param member {@code Table} for DescribeTable, {@code TableDescription} for the others
   */
  static byte[] table(String member, TableDescription t) {
    return JsonOut.object(
        g -> {
          g.writeFieldName(member);
          tableDescription(g, t);
        });
  }

  /**
   * DeleteTable's answer: DynamoDB describes the table being deleted without its schema (no key
   * schema, attribute definitions, indexes or creation time), status DELETING.
   */
  static byte[] deletedTable(TableDescription t) {
    return JsonOut.object(
        g -> {
          g.writeObjectFieldStart("TableDescription");
          g.writeStringField("TableName", t.tableName());
          g.writeStringField("TableStatus", "DELETING");
          throughputSizeAndBilling(g, t);
          g.writeEndObject();
        });
  }

  /**
   * The members DescribeTable and DeleteTable share, ProvisionedThroughput to BillingModeSummary.
   */
  private static void throughputSizeAndBilling(JsonGenerator g, TableDescription t)
      throws IOException {
    g.writeFieldName("ProvisionedThroughput");
    throughput(g, t.provisionedThroughput());
    g.writeNumberField("TableSizeBytes", t.tableSizeBytes());
    g.writeNumberField("ItemCount", t.itemCount());
    g.writeStringField("TableArn", t.tableArn());
    g.writeStringField("TableId", t.tableId());
    g.writeObjectFieldStart("BillingModeSummary");
    g.writeStringField("BillingMode", t.billingMode().name());
    if (t.billingMode() == BillingMode.PAY_PER_REQUEST) {
      epochSeconds(g, "LastUpdateToPayPerRequestDateTime", t.creationDateTime());
    }
    g.writeEndObject();
  }

  static void tableDescription(JsonGenerator g, TableDescription t) throws IOException {
    g.writeStartObject();
    g.writeArrayFieldStart("AttributeDefinitions");
    for (AttributeDefinition a : t.attributeDefinitions()) {
      g.writeStartObject();
      g.writeStringField("AttributeName", a.attributeName());
      g.writeStringField("AttributeType", a.attributeType().name());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("TableName", t.tableName());
    keySchema(g, t.keySchema());
    g.writeStringField("TableStatus", t.tableStatus().name());
    epochSeconds(g, "CreationDateTime", t.creationDateTime());
    throughputSizeAndBilling(g, t);
    indexes(g, "LocalSecondaryIndexes", t.localSecondaryIndexes(), false);
    indexes(g, "GlobalSecondaryIndexes", t.globalSecondaryIndexes(), true);
    if (t.streamSpecification().isPresent()) {
      StreamSpecification s = t.streamSpecification().get();
      g.writeObjectFieldStart("StreamSpecification");
      g.writeBooleanField("StreamEnabled", s.streamEnabled());
      if (s.streamViewType().isPresent()) {
        g.writeStringField("StreamViewType", s.streamViewType().get().name());
      }
      g.writeEndObject();
    }
    if (t.latestStreamLabel().isPresent()) {
      g.writeStringField("LatestStreamLabel", t.latestStreamLabel().get());
    }
    if (t.latestStreamArn().isPresent()) {
      g.writeStringField("LatestStreamArn", t.latestStreamArn().get());
    }
    g.writeBooleanField("DeletionProtectionEnabled", false);
    g.writeEndObject();
  }

  private static void indexes(
      JsonGenerator g, String field, List<IndexDescription> indexes, boolean global)
      throws IOException {
    if (indexes.isEmpty()) {
      return;
    }
    g.writeArrayFieldStart(field);
    for (IndexDescription i : indexes) {
      g.writeStartObject();
      g.writeStringField("IndexName", i.indexName());
      keySchema(g, i.keySchema());
      projection(g, i.projection());
      if (global) {
        g.writeStringField("IndexStatus", i.indexStatus().name());
        if (i.backfilling()) {
          g.writeBooleanField("Backfilling", true);
        }
        if (i.provisionedThroughput().isPresent()) {
          g.writeFieldName("ProvisionedThroughput");
          throughput(g, i.provisionedThroughput().get());
        }
      }
      g.writeNumberField("IndexSizeBytes", i.indexSizeBytes());
      g.writeNumberField("ItemCount", i.itemCount());
      g.writeStringField("IndexArn", i.indexArn());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A {@code KeySchema} member, as DescribeTable and DescribeStream write it. */
  static void keySchema(JsonGenerator g, List<KeySchemaElement> keySchema) throws IOException {
    g.writeArrayFieldStart("KeySchema");
    for (KeySchemaElement k : keySchema) {
      g.writeStartObject();
      g.writeStringField("AttributeName", k.attributeName());
      g.writeStringField("KeyType", k.keyType().name());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void projection(JsonGenerator g, Projection p) throws IOException {
    g.writeObjectFieldStart("Projection");
    g.writeStringField("ProjectionType", p.projectionType().name());
    if (!p.nonKeyAttributes().isEmpty()) {
      g.writeArrayFieldStart("NonKeyAttributes");
      for (String a : p.nonKeyAttributes()) {
        g.writeString(a);
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void throughput(JsonGenerator g, ProvisionedThroughputDescription p)
      throws IOException {
    g.writeStartObject();
    if (p.lastIncreaseDateTime().isPresent()) {
      epochSeconds(g, "LastIncreaseDateTime", p.lastIncreaseDateTime().get());
    }
    if (p.lastDecreaseDateTime().isPresent()) {
      epochSeconds(g, "LastDecreaseDateTime", p.lastDecreaseDateTime().get());
    }
    g.writeNumberField("NumberOfDecreasesToday", p.numberOfDecreasesToday());
    g.writeNumberField("ReadCapacityUnits", p.readCapacityUnits());
    g.writeNumberField("WriteCapacityUnits", p.writeCapacityUnits());
    g.writeEndObject();
  }

  /** DynamoDB's timestamps: epoch seconds with a fraction, e.g. {@code 1700000000.123}. */
  private static void epochSeconds(JsonGenerator g, String field, Instant instant)
      throws IOException {
    g.writeNumberField(field, BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
  }

  static byte[] listTables(ListTablesResponse response) {
    return JsonOut.object(
        g -> {
          g.writeArrayFieldStart("TableNames");
          for (String name : response.tableNames()) {
            g.writeString(name);
          }
          g.writeEndArray();
          if (response.lastEvaluatedTableName().isPresent()) {
            g.writeStringField("LastEvaluatedTableName", response.lastEvaluatedTableName().get());
          }
        });
  }

  static byte[] describeTimeToLive(TimeToLiveDescription d) {
    return JsonOut.object(
        g -> {
          g.writeObjectFieldStart("TimeToLiveDescription");
          g.writeStringField("TimeToLiveStatus", d.timeToLiveStatus());
          if (d.attributeName().isPresent()) {
            g.writeStringField("AttributeName", d.attributeName().get());
          }
          g.writeEndObject();
        });
  }

  static byte[] updateTimeToLive(boolean enabled, String attributeName) {
    return JsonOut.object(
        g -> {
          g.writeObjectFieldStart("TimeToLiveSpecification");
          g.writeBooleanField("Enabled", enabled);
          g.writeStringField("AttributeName", attributeName);
          g.writeEndObject();
        });
  }

  static byte[] describeLimits() {
    return JsonOut.object(
        g -> {
          g.writeNumberField("AccountMaxReadCapacityUnits", 80000);
          g.writeNumberField("AccountMaxWriteCapacityUnits", 80000);
          g.writeNumberField("TableMaxReadCapacityUnits", 40000);
          g.writeNumberField("TableMaxWriteCapacityUnits", 40000);
        });
  }

  static byte[] describeEndpoints(String address) {
    return JsonOut.object(
        g -> {
          g.writeArrayFieldStart("Endpoints");
          g.writeStartObject();
          g.writeStringField("Address", address);
          g.writeNumberField("CachePeriodInMinutes", 1440);
          g.writeEndObject();
          g.writeEndArray();
        });
  }

  static byte[] continuousBackups() {
    return JsonOut.object(
        g -> {
          g.writeObjectFieldStart("ContinuousBackupsDescription");
          g.writeStringField("ContinuousBackupsStatus", "DISABLED");
          g.writeObjectFieldStart("PointInTimeRecoveryDescription");
          g.writeStringField("PointInTimeRecoveryStatus", "DISABLED");
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  static byte[] tags(Map<String, String> tags) {
    return JsonOut.object(
        g -> {
          g.writeArrayFieldStart("Tags");
          for (Map.Entry<String, String> e : tags.entrySet()) {
            g.writeStartObject();
            g.writeStringField("Key", e.getKey());
            g.writeStringField("Value", e.getValue());
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }
}

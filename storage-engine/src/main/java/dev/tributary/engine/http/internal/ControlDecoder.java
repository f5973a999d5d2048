package dev.tributary.engine.http.internal;

import dev.tributary.core.StreamViewType;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.AttributeDefinition;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.KeyType;
import dev.tributary.engine.model.LocalSecondaryIndex;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProjectionType;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CreateTable and UpdateTable requests, from DynamoDB's JSON to engine requests. */
final class ControlDecoder {
  private ControlDecoder() {}

  static CreateTableRequest createTable(JsonRequest r) {
    String name = r.tableName("TableName");
    if (!r.has("KeySchema")) {
      r.violation("KeySchema", null, "Member must not be null");
    }
    if (!r.has("AttributeDefinitions")) {
      r.violation("AttributeDefinitions", null, "Member must not be null");
    }
    List<KeySchemaElement> keySchema = keySchema(r);
    List<AttributeDefinition> definitions = attributeDefinitions(r);
    BillingMode billing = r.enumValue("BillingMode", BillingMode.class).orElse(BillingMode.PROVISIONED);
    Optional<ProvisionedThroughput> throughput = throughput(r);
    List<GlobalSecondaryIndex> gsis = new ArrayList<>();
    for (JsonRequest g : r.objects("GlobalSecondaryIndexes")) {
      gsis.add(gsi(g));
    }
    List<LocalSecondaryIndex> lsis = new ArrayList<>();
    for (JsonRequest l : r.objects("LocalSecondaryIndexes")) {
      lsis.add(new LocalSecondaryIndex(l.requiredString("IndexName"), keySchema(l), projection(l)));
    }
    Optional<StreamSpecification> stream = stream(r);
    r.check();
    return new CreateTableRequest(name, keySchema, definitions, billing, throughput, gsis, lsis, stream);
  }

  static UpdateTableRequest updateTable(JsonRequest r) {
    UpdateTableRequest.Builder b = UpdateTableRequest.builder(r.tableName("TableName"));
    b.attributeDefinitions(attributeDefinitions(r).toArray(AttributeDefinition[]::new));
    r.enumValue("BillingMode", BillingMode.class).ifPresent(b::billingMode);
    throughput(r).ifPresent(b::provisionedThroughput);
    java.util.Set<String> updatedIndexes = new java.util.HashSet<>();
    for (JsonRequest u : r.objects("GlobalSecondaryIndexUpdates")) {
      Optional<JsonRequest> create = u.object("Create");
      Optional<JsonRequest> update = u.object("Update");
      Optional<JsonRequest> delete = u.object("Delete");
      int n = (create.isPresent() ? 1 : 0) + (update.isPresent() ? 1 : 0) + (delete.isPresent() ? 1 : 0);
      if (n == 0) {
        throw new ValidationException(
            "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update,"
                + " GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
      }
      if (n > 1) {
        throw new ValidationException(
            "One or more parameter values were invalid: Only one global secondary index action is allowed"
                + " per GlobalSecondaryIndexUpdate object");
      }
      String indexName = create.or(() -> update).or(() -> delete).get().string("IndexName").orElse("");
      if (!updatedIndexes.add(indexName)) {
        throw new ValidationException(
            "One or more parameter values were invalid: Only one global secondary index update per index"
                + " is allowed simultaneously. Index: " + indexName);
      }
      create.ifPresent(c -> b.createIndex(gsi(c)));
      delete.ifPresent(d -> b.deleteIndex(d.requiredString("IndexName")));
      if (update.isPresent()) {
        JsonRequest up = update.get();
        String index = up.requiredString("IndexName");
        Optional<ProvisionedThroughput> t = throughput(up);
        if (t.isEmpty()) {
          up.violation("ProvisionedThroughput", null, "Member must not be null");
        } else {
          b.updateIndex(index, t.get());
        }
      }
    }
    stream(r).ifPresent(b::stream);
    r.check();
    return b.build();
  }

  private static GlobalSecondaryIndex gsi(JsonRequest g) {
    return new GlobalSecondaryIndex(
        g.requiredString("IndexName"), keySchema(g), projection(g), throughput(g));
  }

  private static List<KeySchemaElement> keySchema(JsonRequest r) {
    List<KeySchemaElement> out = new ArrayList<>();
    for (JsonRequest k : r.objects("KeySchema")) {
      String attribute = keyAttributeName(k);
      Optional<KeyType> type = k.enumValue("KeyType", KeyType.class);
      if (type.isEmpty() && !k.has("KeyType")) {
        k.violation("KeyType", null, "Member must not be null");
      }
      out.add(new KeySchemaElement(attribute, type.orElse(KeyType.HASH)));
    }
    return out;
  }

  /** Key attribute names (tables and indexes) are 1 to 255 bytes, unlike other attribute names. */
  private static String keyAttributeName(JsonRequest r) {
    String name = r.requiredString("AttributeName");
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > 255) {
      r.violation("AttributeName", name, "Member must have length less than or equal to 255");
    } else if (bytes == 0 && r.has("AttributeName")) {
      r.violation("AttributeName", name, "Member must have length greater than or equal to 1");
    }
    return name;
  }

  private static List<AttributeDefinition> attributeDefinitions(JsonRequest r) {
    List<AttributeDefinition> out = new ArrayList<>();
    for (JsonRequest a : r.objects("AttributeDefinitions")) {
      String attribute = keyAttributeName(a);
      Optional<ScalarAttributeType> type = a.enumValue("AttributeType", ScalarAttributeType.class);
      if (type.isEmpty() && !a.has("AttributeType")) {
        a.violation("AttributeType", null, "Member must not be null");
      }
      out.add(new AttributeDefinition(attribute, type.orElse(ScalarAttributeType.S)));
    }
    return out;
  }

  private static Projection projection(JsonRequest r) {
    JsonRequest p = r.requiredObject("Projection");
    if (r.has("Projection") && !p.has("ProjectionType")) {
      throw new ValidationException("Unknown ProjectionType: null"); // optional in the model only
    }
    ProjectionType type = p.enumValue("ProjectionType", ProjectionType.class).orElse(ProjectionType.ALL);
    return new Projection(type, p.strings("NonKeyAttributes"));
  }

  private static Optional<ProvisionedThroughput> throughput(JsonRequest r) {
    Optional<JsonRequest> t = r.object("ProvisionedThroughput");
    if (t.isEmpty()) {
      return Optional.empty();
    }
    JsonRequest p = t.get();
    long read = capacity(p, "ReadCapacityUnits");
    long write = capacity(p, "WriteCapacityUnits");
    return Optional.of(new ProvisionedThroughput(read, write));
  }

  private static long capacity(JsonRequest p, String member) {
    if (!p.has(member)) {
      p.violation(member, null, "Member must not be null");
      return 1;
    }
    return p.longValue(member, 1, Long.MAX_VALUE).orElse(1);
  }

  private static Optional<StreamSpecification> stream(JsonRequest r) {
    Optional<JsonRequest> s = r.object("StreamSpecification");
    if (s.isEmpty()) {
      return Optional.empty();
    }
    JsonRequest spec = s.get();
    Optional<Boolean> enabled = spec.bool("StreamEnabled");
    if (enabled.isEmpty()) {
      spec.violation("StreamEnabled", null, "Member must not be null");
    }
    Optional<StreamViewType> view = spec.enumValue("StreamViewType", StreamViewType.class);
    return Optional.of(new StreamSpecification(enabled.orElse(false), view));
  }
}

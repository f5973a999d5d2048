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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** CreateTable and UpdateTable requests, from DynamoDB's JSON to engine requests. */
final class ControlDecoder {
  private ControlDecoder() {}

  static CreateTableRequest createTable(JsonRequest r) {
    String name = r.tableName("TableName");
    r.require("KeySchema");
    r.require("AttributeDefinitions");
    List<KeySchemaElement> keySchema = keySchema(r);
    List<AttributeDefinition> definitions = attributeDefinitions(r);
    BillingMode billing =
        r.enumValue("BillingMode", BillingMode.class).orElse(BillingMode.PROVISIONED);
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
    return new CreateTableRequest(
        name, keySchema, definitions, billing, throughput, gsis, lsis, stream);
  }

  static UpdateTableRequest updateTable(JsonRequest r) {
    UpdateTableRequest.Builder b = UpdateTableRequest.builder(r.tableName("TableName"));
    b.attributeDefinitions(attributeDefinitions(r).toArray(AttributeDefinition[]::new));
    r.enumValue("BillingMode", BillingMode.class).ifPresent(b::billingMode);
    throughput(r).ifPresent(b::provisionedThroughput);
    Set<String> updatedIndexes = new HashSet<>();
    for (JsonRequest u : r.objects("GlobalSecondaryIndexUpdates")) {
      Optional<JsonRequest> create = u.object("Create");
      Optional<JsonRequest> update = u.object("Update");
      Optional<JsonRequest> delete = u.object("Delete");
      int n =
          (create.isPresent() ? 1 : 0)
              + (update.isPresent() ? 1 : 0)
              + (delete.isPresent() ? 1 : 0);
      if (n == 0) {
        throw new ValidationException(
            "One or more parameter values were invalid: One of GlobalSecondaryIndexUpdate.Update,"
                + " GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
      }
      if (n > 1) {
        throw new ValidationException(
            "One or more parameter values were invalid: Only one of GlobalSecondaryIndexUpdate.Update,"
                + " GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete can be specified");
      }
      String indexName =
          create.or(() -> update).or(() -> delete).get().string("IndexName").orElse("");
      if (!updatedIndexes.add(indexName)) {
        throw new ValidationException(
            "One or more parameter values were invalid: Only one global secondary index update per index"
                + " is allowed simultaneously. Index: "
                + indexName);
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
    return typedAttributes(
        r, "KeySchema", "KeyType", KeyType.class, KeyType.HASH, KeySchemaElement::new);
  }

  private static List<AttributeDefinition> attributeDefinitions(JsonRequest r) {
    return typedAttributes(
        r,
        "AttributeDefinitions",
        "AttributeType",
        ScalarAttributeType.class,
        ScalarAttributeType.S,
        AttributeDefinition::new);
  }

  /** A list of key attribute names, each with a required {@code typeMember} (KeySchema, ...). */
  private static <E extends Enum<E>, T> List<T> typedAttributes(
      JsonRequest r,
      String member,
      String typeMember,
      Class<E> type,
      E absent,
      BiFunction<String, E, T> element) {
    List<T> out = new ArrayList<>();
    for (JsonRequest e : r.objects(member)) {
      String attribute = keyAttributeName(e);
      out.add(element.apply(attribute, e.requiredEnum(typeMember, type, absent)));
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

  private static Projection projection(JsonRequest r) {
    JsonRequest p = r.requiredObject("Projection");
    if (r.has("Projection") && !p.has("ProjectionType")) {
      throw new ValidationException("Unknown ProjectionType: null"); // optional in the model only
    }
    ProjectionType type =
        p.enumValue("ProjectionType", ProjectionType.class).orElse(ProjectionType.ALL);
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
    if (!p.require(member)) {
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
    boolean enabled = spec.requiredBool("StreamEnabled");
    Optional<StreamViewType> view = spec.enumValue("StreamViewType", StreamViewType.class);
    return Optional.of(new StreamSpecification(enabled, view));
  }
}

package dev.tributary.engine.internal;

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
import dev.tributary.engine.model.TableStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** CreateTable's and UpdateTable's structural rules, in DynamoDB's words. */
final class TableDefinitionRules {
  static final int MAX_GSIS = 20;
  static final int MAX_LSIS = 5;
  static final int MAX_KEY_ATTRIBUTES_PER_ROLE = 4;
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

  private TableDefinitionRules() {}

  static void checkTableName(String name, String field) {
    if (name.length() < 3 || name.length() > 255) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must have length "
              + (name.length() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
    }
    if (!NAME.matcher(name).matches()) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern:"
              + " [a-zA-Z0-9_.-]+");
    }
  }

  /** Checks a whole CreateTable request; returns the attribute types by name. */
  static Map<String, ScalarAttributeType> checkCreate(CreateTableRequest r) {
    checkTableName(r.tableName(), "tableName");
    checkTableKeySchema(r.keySchema());
    Map<String, ScalarAttributeType> types = definitions(r.attributeDefinitions());
    Set<String> used = new TreeSet<>();
    for (KeySchemaElement e : r.keySchema()) {
      used.add(e.attributeName());
    }
    checkThroughput(r.billingMode(), r.provisionedThroughput(), null);
    Set<String> indexNames = new HashSet<>();
    if (r.globalSecondaryIndexes().size() > MAX_GSIS) {
      throw new ValidationException(
          "One or more parameter values were invalid: GlobalSecondaryIndex count exceeds the per-table limit of "
              + MAX_GSIS);
    }
    for (GlobalSecondaryIndex g : r.globalSecondaryIndexes()) {
      checkGlobalIndex(g, r.billingMode());
      addIndex(indexNames, used, g.indexName(), g.keySchema());
    }
    if (r.localSecondaryIndexes().size() > MAX_LSIS) {
      throw new ValidationException(
          "One or more parameter values were invalid: Number of LocalSecondaryIndexes exceeds per-table limit of "
              + MAX_LSIS);
    }
    for (LocalSecondaryIndex l : r.localSecondaryIndexes()) {
      checkLocalIndex(l, r.keySchema());
      addIndex(indexNames, used, l.indexName(), l.keySchema());
    }
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(types.keySet());
    if (!missing.isEmpty()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Some index key attributes are not defined in"
              + " AttributeDefinitions. Keys: "
              + missing
              + ", AttributeDefinitions: "
              + new TreeSet<>(types.keySet()));
    }
    if (!used.equals(types.keySet())) {
      throw new ValidationException(
          "One or more parameter values were invalid: Number of attributes in KeySchema does not"
              + " exactly match number of attributes defined in AttributeDefinitions");
    }
    r.streamSpecification().ifPresent(TableDefinitionRules::checkStream);
    return types;
  }

  static Map<String, ScalarAttributeType> definitions(List<AttributeDefinition> definitions) {
    Map<String, ScalarAttributeType> types = new LinkedHashMap<>();
    for (AttributeDefinition d : definitions) {
      if (types.put(d.attributeName(), d.attributeType()) != null) {
        throw new ValidationException("Attribute Name is duplicated: " + d.attributeName());
      }
    }
    return types;
  }

  private static void checkTableKeySchema(List<KeySchemaElement> keySchema) {
    if (keySchema.isEmpty() || keySchema.size() > 2) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + keySchema
              + "' at 'keySchema' failed to satisfy constraint: Member must have length "
              + (keySchema.isEmpty() ? "greater than or equal to 1" : "less than or equal to 2"));
    }
    if (keySchema.get(0).keyType() != KeyType.HASH) {
      throw new ValidationException(
          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (keySchema.size() == 2) {
      if (keySchema.get(1).keyType() != KeyType.RANGE) {
        throw new ValidationException(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
      }
      if (keySchema.get(0).attributeName().equals(keySchema.get(1).attributeName())) {
        throw new ValidationException(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name");
      }
    }
  }

  static void checkGlobalIndex(GlobalSecondaryIndex g, BillingMode billing) {
    checkTableName(g.indexName(), "indexName");
    List<KeySchemaElement> ks = g.keySchema();
    int hashes = 0;
    int ranges = 0;
    Set<String> names = new HashSet<>();
    for (KeySchemaElement e : ks) {
      if (!names.add(e.attributeName())) {
        // DynamoDB's wording for a single-attribute key, also used for a multi-attribute one
        throw new ValidationException(
            ks.size() == 2
                ? "Both the Hash Key and the Range Key element in the KeySchema have the same name"
                : "Invalid KeySchema: Two or more KeySchemaElements have the same name: "
                    + e.attributeName());
      }
      if (e.keyType() == KeyType.HASH) {
        if (ranges > 0) {
          throw new ValidationException(
              "Invalid KeySchema: All HASH key attributes must precede RANGE key attributes in the"
                  + " KeySchema");
        }
        hashes++;
      } else {
        ranges++;
      }
    }
    if (hashes == 0) {
      throw new ValidationException(
          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (hashes > MAX_KEY_ATTRIBUTES_PER_ROLE || ranges > MAX_KEY_ATTRIBUTES_PER_ROLE) {
      throw new ValidationException(
          "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of "
              + (hashes > MAX_KEY_ATTRIBUTES_PER_ROLE ? "HASH" : "RANGE")
              + " key attributes");
    }
    checkProjection(g.projection(), g.indexName());
    if (billing == BillingMode.PROVISIONED && g.provisionedThroughput().isEmpty()) {
      throw new ValidationException(
          "One or more parameter values were invalid: ProvisionedThroughput must be specified for"
              + " index: "
              + g.indexName());
    }
    if (billing == BillingMode.PAY_PER_REQUEST && g.provisionedThroughput().isPresent()) {
      throw new ValidationException(
          "One or more parameter values were invalid: ProvisionedThroughput should not be"
              + " specified for index: "
              + g.indexName()
              + " when BillingMode is PAY_PER_REQUEST");
    }
    g.provisionedThroughput().ifPresent(TableDefinitionRules::checkUnits);
  }

  private static void checkLocalIndex(LocalSecondaryIndex l, List<KeySchemaElement> table) {
    checkTableName(l.indexName(), "indexName");
    if (table.size() < 2) {
      throw new ValidationException(
          "One or more parameter values were invalid: Table KeySchema does not have a range key,"
              + " which is required when specifying a LocalSecondaryIndex");
    }
    List<KeySchemaElement> ks = l.keySchema();
    if (ks.size() > 2) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + ks
              + "' at 'localSecondaryIndexes.1.member.keySchema'"
              + " failed to satisfy constraint: Member must have length less than or equal to 2");
    }
    if (ks.size() == 2 && ks.get(0).attributeName().equals(ks.get(1).attributeName())) {
      throw new ValidationException(
          "Both the Hash Key and the Range Key element in the KeySchema have the same name");
    }
    if (ks.size() != 2
        || ks.get(0).keyType() != KeyType.HASH
        || ks.get(1).keyType() != KeyType.RANGE) {
      throw new ValidationException(
          "One or more parameter values were invalid: Index KeySchema must have a HASH and a"
              + " RANGE key for index: "
              + l.indexName());
    }
    if (!ks.get(0).attributeName().equals(table.get(0).attributeName())) {
      throw new ValidationException(
          "One or more parameter values were invalid: Index KeySchema does not have the same"
              + " leading hash key as table KeySchema for index: "
              + l.indexName()
              + ". index hash key: "
              + ks.get(0).attributeName()
              + ", table hash key: "
              + table.get(0).attributeName());
    }
    checkProjection(l.projection(), l.indexName());
  }

  private static void checkProjection(Projection p, String indexName) {
    Set<String> seen = new HashSet<>();
    for (String a : p.nonKeyAttributes()) {
      if (!seen.add(a)) {
        throw new ValidationException(
            "One or more parameter values were invalid: Duplicate projected attribute: " + a);
      }
      if (a.getBytes(StandardCharsets.UTF_8).length > 255) {
        throw new ValidationException(
            "One or more parameter values were invalid: Projected attribute name is too long; it"
                + " must be at most 255 bytes: "
                + a);
      }
    }
    if (p.projectionType() == ProjectionType.INCLUDE) {
      if (p.nonKeyAttributes().isEmpty()) {
        throw new ValidationException(
            "One or more parameter values were invalid: NonKeyAttributes must not be empty when"
                + " ProjectionType is INCLUDE for index: "
                + indexName);
      }
    } else if (!p.nonKeyAttributes().isEmpty()) {
      throw new ValidationException(
          "One or more parameter values were invalid: ProjectionType is "
              + p.projectionType()
              + ", but NonKeyAttributes is specified");
    }
  }

  /** Notes an index's name (a second index of that name is an error) and its key attributes. */
  private static void addIndex(
      Set<String> indexNames, Set<String> used, String name, List<KeySchemaElement> keySchema) {
    if (!indexNames.add(name)) {
      throw new ValidationException(
          "One or more parameter values were invalid: Duplicate index name: " + name);
    }
    keySchema.forEach(e -> used.add(e.attributeName()));
  }

  static void checkThroughput(
      BillingMode mode, Optional<ProvisionedThroughput> throughput, String indexName) {
    if (mode == BillingMode.PROVISIONED && throughput.isEmpty()) {
      throw new ValidationException(
          "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits"
              + " must both be specified when BillingMode is PROVISIONED");
    }
    if (mode == BillingMode.PAY_PER_REQUEST && throughput.isPresent()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Neither ReadCapacityUnits nor"
              + " WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }
    throughput.ifPresent(TableDefinitionRules::checkUnits);
  }

  static void checkUnits(ProvisionedThroughput t) {
    if (t.readCapacityUnits() < 1 || t.writeCapacityUnits() < 1) {
      throw new ValidationException(
          "One or more parameter values were invalid: Provisioned throughput cannot be less than"
              + " 1 for read and write capacity units");
    }
  }

  static void checkStream(StreamSpecification s) {
    if (s.streamEnabled() && s.streamViewType().isEmpty()) {
      throw new ValidationException(
          "One or more parameter values were invalid: StreamViewType is required when"
              + " StreamEnabled is true");
    }
    if (!s.streamEnabled() && s.streamViewType().isPresent()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Stream view type cannot be specified when"
              + " stream is disabled");
    }
  }

  /**
   * DynamoDB's error for a new index that declares a key attribute with another type than the table
   * (or an existing index) already gives it; the schemas are the one already using the attribute
   * and the new one.
   */
  static ValidationException redefined(
      TableMeta meta,
      String attribute,
      List<KeySchemaElement> newKeySchema,
      Map<String, ScalarAttributeType> newTypes) {
    List<String> hash = List.of(meta.partitionKey());
    List<String> range = meta.sortKeyName().map(List::of).orElse(List.of());
    if (!meta.isKeyAttribute(attribute)) {
      for (IndexMeta i : meta.indexes()) {
        if (i.keyAttributes().contains(attribute)) {
          hash = i.partitionAttributes();
          range = i.sortAttributes();
          break;
        }
      }
    }
    List<String> existing = new ArrayList<>();
    hash.forEach(a -> existing.add(schemaElement(a, meta.typeOf(a), KeyType.HASH)));
    range.forEach(a -> existing.add(schemaElement(a, meta.typeOf(a), KeyType.RANGE)));
    List<String> proposed = new ArrayList<>();
    newKeySchema.forEach(
        e ->
            proposed.add(
                schemaElement(e.attributeName(), newTypes.get(e.attributeName()), e.keyType())));
    return new ValidationException(
        "One or more parameter values were invalid: Attributes cannot be redefined. Please check"
            + " that your attribute has the same type as previously defined. Existing schema:"
            + " Schema:["
            + String.join(", ", existing)
            + "] New schema: Schema:["
            + String.join(", ", proposed)
            + "]");
  }

  private static String schemaElement(String name, ScalarAttributeType type, KeyType keyType) {
    return "SchemaElement: key{" + name + ":" + type + ":" + keyType + "}";
  }

  /** Index metadata for a new index; {@code uid} comes from the catalog. */
  static IndexMeta indexMeta(
      String name,
      int uid,
      boolean global,
      List<KeySchemaElement> keySchema,
      Projection projection,
      Optional<ProvisionedThroughput> throughput,
      TableStatus status,
      boolean backfilling) {
    List<String> hash = new ArrayList<>();
    List<String> range = new ArrayList<>();
    for (KeySchemaElement e : keySchema) {
      (e.keyType() == KeyType.HASH ? hash : range).add(e.attributeName());
    }
    return new IndexMeta(
        name,
        uid,
        global,
        hash,
        range,
        projection.projectionType(),
        projection.nonKeyAttributes(),
        status,
        backfilling,
        throughput
            .map(t -> ThroughputMeta.of(t.readCapacityUnits(), t.writeCapacityUnits()))
            .orElse(ThroughputMeta.ON_DEMAND));
  }
}

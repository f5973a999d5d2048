package dev.tributary.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A global secondary index: its own partition key (and optional sort key) over the table's items. A
 * key may have up to four HASH and four RANGE attributes (a multi-attribute key).
 */
public record GlobalSecondaryIndex(
    String indexName,
    List<KeySchemaElement> keySchema,
    Projection projection,
    Optional<ProvisionedThroughput> provisionedThroughput) {
  public GlobalSecondaryIndex {
    Objects.requireNonNull(indexName, "indexName");
    keySchema = List.copyOf(Objects.requireNonNull(keySchema, "keySchema"));
    Objects.requireNonNull(projection, "projection");
    Objects.requireNonNull(provisionedThroughput, "provisionedThroughput");
  }

  public static GlobalSecondaryIndex of(
      String indexName, Projection projection, KeySchemaElement... keySchema) {
    return new GlobalSecondaryIndex(indexName, List.of(keySchema), projection, Optional.empty());
  }

  public GlobalSecondaryIndex withProvisionedThroughput(ProvisionedThroughput throughput) {
    return new GlobalSecondaryIndex(indexName, keySchema, projection, Optional.of(throughput));
  }
}

package dev.tributary.engine.model;

import java.util.List;
import java.util.Objects;

/** A local secondary index: the table's partition key with another sort key. */
public record LocalSecondaryIndex(
    String indexName, List<KeySchemaElement> keySchema, Projection projection) {
  public LocalSecondaryIndex {
    Objects.requireNonNull(indexName, "indexName");
    keySchema = List.copyOf(Objects.requireNonNull(keySchema, "keySchema"));
    Objects.requireNonNull(projection, "projection");
  }

  public static LocalSecondaryIndex of(
      String indexName, Projection projection, KeySchemaElement... keySchema) {
    return new LocalSecondaryIndex(indexName, List.of(keySchema), projection);
  }
}

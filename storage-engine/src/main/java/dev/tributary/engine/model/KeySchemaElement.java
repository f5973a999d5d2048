package dev.tributary.engine.model;

import java.util.Objects;

/** One attribute of a table's or index's key. */
public record KeySchemaElement(String attributeName, KeyType keyType) {
  public KeySchemaElement {
    Objects.requireNonNull(attributeName, "attributeName");
    Objects.requireNonNull(keyType, "keyType");
  }

  public static KeySchemaElement hash(String attributeName) {
    return new KeySchemaElement(attributeName, KeyType.HASH);
  }

  public static KeySchemaElement range(String attributeName) {
    return new KeySchemaElement(attributeName, KeyType.RANGE);
  }
}

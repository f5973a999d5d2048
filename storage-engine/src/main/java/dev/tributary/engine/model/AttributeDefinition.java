package dev.tributary.engine.model;

import java.util.Objects;

/** The type of an attribute used in a table or index key. */
public record AttributeDefinition(String attributeName, ScalarAttributeType attributeType) {
  public AttributeDefinition {
    Objects.requireNonNull(attributeName, "attributeName");
    Objects.requireNonNull(attributeType, "attributeType");
  }

  public static AttributeDefinition s(String name) {
    return new AttributeDefinition(name, ScalarAttributeType.S);
  }

  public static AttributeDefinition n(String name) {
    return new AttributeDefinition(name, ScalarAttributeType.N);
  }

  public static AttributeDefinition b(String name) {
    return new AttributeDefinition(name, ScalarAttributeType.B);
  }
}

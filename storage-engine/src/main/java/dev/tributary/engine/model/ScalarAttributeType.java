package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;

/** The types a key attribute may have. */
public enum ScalarAttributeType {
  S,
  N,
  B;

  public AttributeValue.Type valueType() {
    return AttributeValue.Type.valueOf(name());
  }
}

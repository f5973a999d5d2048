package dev.tributary.engine.model;

/** The role of a key attribute: partition (HASH) or sort (RANGE). */
public enum KeyType {
  HASH,
  RANGE
}

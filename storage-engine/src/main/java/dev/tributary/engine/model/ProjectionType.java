package dev.tributary.engine.model;

/** Which attributes a secondary index copies from the table. */
public enum ProjectionType {
  ALL,
  KEYS_ONLY,
  INCLUDE
}

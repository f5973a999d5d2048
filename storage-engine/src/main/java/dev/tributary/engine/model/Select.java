package dev.tributary.engine.model;

/** What a Query or Scan returns for each matching item. */
public enum Select {
  ALL_ATTRIBUTES,
  ALL_PROJECTED_ATTRIBUTES,
  SPECIFIC_ATTRIBUTES,
  COUNT
}

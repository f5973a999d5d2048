package dev.tributary.engine.model;

/** A table's or index's lifecycle state, as DescribeTable reports it. */
public enum TableStatus {
  CREATING,
  UPDATING,
  DELETING,
  ACTIVE
}

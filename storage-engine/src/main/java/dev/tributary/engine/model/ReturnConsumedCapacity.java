package dev.tributary.engine.model;

/** Whether a response reports consumed capacity, and in how much detail. */
public enum ReturnConsumedCapacity {
  NONE,
  TOTAL,
  INDEXES
}

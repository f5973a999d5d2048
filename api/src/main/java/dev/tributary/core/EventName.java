package dev.tributary.core;

/** What happened to an item, as DynamoDB Streams names it. */
public enum EventName {
  INSERT,
  MODIFY,
  REMOVE
}

package dev.tributary.connectors;

/**
 * The lifecycle of a source connector ({@link EngineRelay}, {@link DynamoDbStreamsSource}). It
 * moves only forward, by compare-and-set: {@code NEW → RUNNING → STOPPING → STOPPED}, or to {@code
 * FAILED} when the connector cannot go on (fenced by a newer instance with the same id, a broken
 * broker configuration); a wrong transition throws {@link IllegalStateException} naming both
 * states.
 */
public enum ConnectorState {
  NEW,
  RUNNING,
  STOPPING,
  STOPPED,
  FAILED
}

/**
 * Sources that publish change events into Tributary's change topics, exactly once.
 *
 * <p>{@link dev.tributary.connectors.EngineRelay} tails the change logs of a {@code
 * TributaryEngine}; {@link dev.tributary.connectors.DynamoDbStreamsSource} reads any DynamoDB
 * Streams API endpoint (AWS, or Tributary's own). Both publish each change to {@code
 * Topics.changeTopic(table)} keyed by the item's partition key, with a transactional producer that
 * commits the connector's checkpoint in the same Kafka transaction as the records, so a restarted
 * connector resumes exactly after what the topic holds.
 */
package dev.tributary.connectors;

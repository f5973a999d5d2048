package dev.tributary.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One change to one item: exactly a DynamoDB Streams record as AWS Lambda receives it in {@code
 * event['Records'][i]}. Events from every source (the engine, Postgres, MySQL, DynamoDB) share this
 * shape, so one handler serves them all. The event id (JSON's eventID) is deterministic in (source,
 * table, sequence), so effects can be made idempotent on it. {@code snapshot} marks INSERTs emitted
 * by a backfill rather than by a write.
 */
public record ChangeEvent(
    String eventId,
    EventName eventName,
    String eventVersion,
    String eventSource,
    String awsRegion,
    String eventSourceArn,
    StreamRecord dynamodb,
    Optional<UserIdentity> userIdentity,
    boolean snapshot) {

  public ChangeEvent {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(eventVersion, "eventVersion");
    Objects.requireNonNull(eventSource, "eventSource");
    Objects.requireNonNull(awsRegion, "awsRegion");
    Objects.requireNonNull(eventSourceArn, "eventSourceArn");
    Objects.requireNonNull(dynamodb, "dynamodb");
    Objects.requireNonNull(userIdentity, "userIdentity");
  }
}

package dev.tributary.core;

import java.util.Objects;

/** Who made a change, when it was not a client: DynamoDB's TTL service. */
public record UserIdentity(String type, String principalId) {
  /** The identity DynamoDB puts on REMOVE records written by its TTL sweeper. */
  public static final UserIdentity TTL_SERVICE =
      new UserIdentity("Service", "dynamodb.amazonaws.com");

  public UserIdentity {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(principalId, "principalId");
  }
}

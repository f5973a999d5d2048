package dev.tributary.engine.http.internal;

/**
 * Decides whether a request may be served. Returns normally to admit it; throws a {@link
 * dev.tributary.engine.DynamoDbException} (named and worded as DynamoDB's) to reject it.
 */
public interface RequestAuthenticator {
  void authenticate(HttpRequestView request);
}

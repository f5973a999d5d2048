package dev.tributary.engine.http.internal;

import dev.tributary.engine.DynamoDbException;

/**
 * Decides whether a request may reach the engine, before its body is decoded. Runs on a worker
 * thread. A rejection throws the {@link DynamoDbException} DynamoDB would answer with (e.g. {@code
 * UnrecognizedClientException}, {@code InvalidSignatureException}); the server writes it as an
 * error response.
 */
@FunctionalInterface
public interface RequestAuthenticator {
  /** Returns normally when the request is allowed; throws when it is not. */
  void authenticate(HttpRequestView request);

  /** Accepts every request, signed or not: for local development only. */
  static RequestAuthenticator allowAny() {
    return request -> {};
  }
}

package dev.tributary.engine.http.internal;

import dev.tributary.engine.TributaryEngine;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Routes a request by {@code X-Amz-Target} to its operation and turns every outcome, success or
 * failure, into a {@link WireResponse}. Never throws.
 */
final class ApiDispatcher {
  static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

  private final Map<String, Operation> operations = new HashMap<>();
  private final StreamsOperations streams;
  private final RequestAuthenticator authenticator;

  ApiDispatcher(
      TributaryEngine engine, RequestAuthenticator authenticator, StreamsOperations streams) {
    Objects.requireNonNull(engine, "engine");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.streams = Objects.requireNonNull(streams, "streams");
    new ControlOperations(engine).register(operations);
    new DataOperations(engine).register(operations);
  }

  /** Authenticates, routes and runs one request; failures become DynamoDB error responses. */
  WireResponse dispatch(HttpRequestView request, String requestId) {
    try {
      authenticator.authenticate(request);
      return WireResponse.ok(route(request));
    } catch (Throwable t) {
      if (t instanceof VirtualMachineError v && !(t instanceof StackOverflowError)) {
        throw v;
      }
      return ErrorEncoder.encode(t, requestId);
    }
  }

  private byte[] route(HttpRequestView request) {
    Optional<String> target = request.header("X-Amz-Target");
    if (target.isEmpty()) {
      throw WireException.unknownOperation();
    }
    String t = target.get();
    if (t.startsWith(DYNAMODB_PREFIX)) {
      Operation op = operations.get(t.substring(DYNAMODB_PREFIX.length()));
      if (op == null) {
        throw WireException.unknownOperation(t);
      }
      return op.handle(JsonRequest.parse(request.body()), request);
    }
    if (t.startsWith(STREAMS_PREFIX)) {
      return streams.handle(t.substring(STREAMS_PREFIX.length()), request.body());
    }
    throw WireException.unknownOperation(t);
  }
}

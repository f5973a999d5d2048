package dev.tributary.engine.http.internal;

import dev.tributary.engine.TributaryEngine;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Routes a request by {@code X-Amz-Target} to its operation and turns every outcome, success or
 * failure, into a {@link WireResponse}. Never throws, and its future never fails: errors become
 * DynamoDB error responses. Most operations are done when {@link #dispatch} returns; single-item
 * writes ({@link LaterOperation}) complete their future once durable.
 */
final class ApiDispatcher {
  static final String DYNAMODB_PREFIX = "DynamoDB_20120810.";
  static final String STREAMS_PREFIX = "DynamoDBStreams_20120810.";

  private final Map<String, Operation> operations = new HashMap<>();
  private final Map<String, LaterOperation> laterOperations = new HashMap<>();
  private final StreamsOperations streams;
  private final RequestAuthenticator authenticator;

  ApiDispatcher(
      TributaryEngine engine, RequestAuthenticator authenticator, StreamsOperations streams) {
    Objects.requireNonNull(engine, "engine");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.streams = Objects.requireNonNull(streams, "streams");
    new ControlOperations(engine).register(operations);
    DataOperations data = new DataOperations(engine);
    data.register(operations);
    data.registerLater(laterOperations);
    new PartiqlOperations(operations, laterOperations).register(operations);
    new TableSettingsOperations(engine).register(operations);
  }

  /** Authenticates, routes and runs one request; failures become DynamoDB error responses. */
  CompletableFuture<WireResponse> dispatch(HttpRequestView request, String requestId) {
    try {
      authenticator.authenticate(request);
      return route(request)
          .handle(
              (body, error) ->
                  error == null ? WireResponse.ok(body) : encode(unwrap(error), requestId));
    } catch (Throwable t) {
      return CompletableFuture.completedFuture(encode(t, requestId));
    }
  }

  private static WireResponse encode(Throwable t, String requestId) {
    if (t instanceof VirtualMachineError v && !(t instanceof StackOverflowError)) {
      throw v;
    }
    return ErrorEncoder.encode(t, requestId);
  }

  private static RuntimeException rethrowable(Throwable t) {
    return t instanceof RuntimeException r ? r : new CompletionException(t);
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private CompletableFuture<byte[]> route(HttpRequestView request) {
    Optional<String> target = request.header("X-Amz-Target");
    if (target.isEmpty()) {
      throw WireException.unknownOperation();
    }
    String t = target.get();
    if (t.startsWith(DYNAMODB_PREFIX)) {
      String name = t.substring(DYNAMODB_PREFIX.length());
      LaterOperation later = laterOperations.get(name);
      if (later != null) { // the single-item writes: their validation errors in DynamoDB's envelope
        CompletableFuture<byte[]> written;
        try {
          written = later.handle(JsonRequest.parse(ContentCoding.requestBody(request)), request);
        } catch (RuntimeException e) {
          throw rethrowable(ValidationEnvelope.wrap(e));
        }
        return written.exceptionallyCompose(
            error -> CompletableFuture.failedFuture(ValidationEnvelope.wrap(unwrap(error))));
      }
      Operation op = operations.get(name);
      if (op == null) {
        throw WireException.unknownOperation(t);
      }
      return CompletableFuture.completedFuture(
          op.handle(JsonRequest.parse(ContentCoding.requestBody(request)), request));
    }
    if (t.startsWith(STREAMS_PREFIX)) {
      return CompletableFuture.completedFuture(
          streams.handle(t.substring(STREAMS_PREFIX.length()), ContentCoding.requestBody(request)));
    }
    throw WireException.unknownOperation(t);
  }
}

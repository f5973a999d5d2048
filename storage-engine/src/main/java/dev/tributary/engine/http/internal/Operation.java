package dev.tributary.engine.http.internal;

/** One DynamoDB operation: decodes its request, calls the engine, encodes its response. */
@FunctionalInterface
interface Operation {
  byte[] handle(JsonRequest request, HttpRequestView http);
}

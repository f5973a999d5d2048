package dev.tributary.engine.http.internal;

import java.util.concurrent.CompletableFuture;

/**
 * A DynamoDB operation whose response comes when its effect is durable: decodes its request (a bad
 * one throws at once), starts it, and encodes its response when the future completes.
 */
@FunctionalInterface
interface LaterOperation {
  CompletableFuture<byte[]> handle(JsonRequest request, HttpRequestView http);
}

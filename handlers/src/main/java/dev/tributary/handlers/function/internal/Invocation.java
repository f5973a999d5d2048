package dev.tributary.handlers.function.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One invocation handed to a function process through {@code /invocation/next}: its request id, the
 * event, and the future its outcome completes. The deadline is set when a process takes it.
 */
public final class Invocation {
  private final String requestId;
  private final byte[] payload;
  private final String functionArn;
  private final String traceId;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private volatile long deadlineEpochMillis;

  public Invocation(String requestId, byte[] payload, String functionArn, String traceId) {
    this.requestId = Objects.requireNonNull(requestId, "requestId");
    this.payload = Objects.requireNonNull(payload, "payload");
    this.functionArn = Objects.requireNonNull(functionArn, "functionArn");
    this.traceId = Objects.requireNonNull(traceId, "traceId");
  }

  public String requestId() {
    return requestId;
  }

  byte[] payload() {
    return payload;
  }

  String functionArn() {
    return functionArn;
  }

  String traceId() {
    return traceId;
  }

  long deadlineEpochMillis() {
    return deadlineEpochMillis;
  }

  void startsNow(long timeoutMillis) {
    deadlineEpochMillis = System.currentTimeMillis() + timeoutMillis;
  }

  /** Completed once, by whichever ending comes first. */
  public CompletableFuture<Outcome> outcome() {
    return outcome;
  }

  boolean complete(Outcome o) {
    return outcome.complete(o);
  }

  boolean isDone() {
    return outcome.isDone();
  }
}

package dev.tributary.handlers.function.internal;

/** How one invocation ended: the function's response, or a failure as Lambda names it. */
public sealed interface Outcome {
  /** The bytes the runtime posted to {@code /invocation/{id}/response}. */
  record Response(byte[] body) implements Outcome {}

  /**
   * The invocation failed: the function's own error ({@code /invocation/{id}/error}), an init
   * error, a timeout ({@code Sandbox.Timedout}) or a crash ({@code Runtime.ExitError}).
   */
  record Failure(String errorType, String errorMessage) implements Outcome {
    @Override
    public String toString() {
      return errorType + ": " + errorMessage;
    }
  }
}

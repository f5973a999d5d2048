package dev.tributary.handlers.function;

import dev.tributary.core.RetriableException;

/**
 * A function invocation failed as a whole: the function raised, crashed, timed out, failed its init
 * or answered with something that is not JSON. The batch is retried per the lane's retry policy
 * (and bisected when bisection is on), as Lambda retries a batch after a function error.
 */
public final class FunctionInvocationException extends RetriableException {
  private final String errorType;

  public FunctionInvocationException(String function, String errorType, String errorMessage) {
    super("function " + function + ": " + errorType + ": " + errorMessage);
    this.errorType = errorType;
  }

  /**
   * Lambda's name for what went wrong, e.g. {@code Sandbox.Timedout}, {@code Runtime.ExitError}.
   */
  public String errorType() {
    return errorType;
  }
}

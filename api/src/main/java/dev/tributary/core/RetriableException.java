package dev.tributary.core;

/** A transient failure: the same call may succeed if tried again after a back-off. */
public class RetriableException extends TributaryException {
  public RetriableException(String message) {
    super(message);
  }

  public RetriableException(String message, Throwable cause) {
    super(message, cause);
  }
}

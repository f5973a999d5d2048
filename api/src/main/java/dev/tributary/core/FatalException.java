package dev.tributary.core;

/** A failure that retrying cannot fix: wrong configuration, a broken environment, a bug. */
public class FatalException extends TributaryException {
  public FatalException(String message) {
    super(message);
  }

  public FatalException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.tributary.core;

/** This record can never be processed; it belongs in the dead-letter topic, not in a retry loop. */
public class BadRecordException extends TributaryException {
  public BadRecordException(String message) {
    super(message);
  }

  public BadRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}

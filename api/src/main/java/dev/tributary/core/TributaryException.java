package dev.tributary.core;

/**
 * The one unchecked root of every Tributary error. Subtypes say what the caller should do: {@link
 * RetriableException} (try again later), {@link FatalException} (stop; configuration or environment
 * is wrong) or {@link BadRecordException} (this record can never succeed; dead-letter it and go
 * on).
 */
public class TributaryException extends RuntimeException {
  public TributaryException(String message) {
    super(message);
  }

  public TributaryException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.tributary.worker;

/** Input the user must fix, found while a command runs (exit code 2, one line). */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}

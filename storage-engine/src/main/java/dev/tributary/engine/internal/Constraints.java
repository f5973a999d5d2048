package dev.tributary.engine.internal;

import dev.tributary.engine.ValidationException;
import java.util.List;

/** DynamoDB's "1 validation error detected" answers to a list or number out of its range. */
final class Constraints {
  private Constraints() {}

  /** A list of 1 to {@code max} entries, e.g. TransactItems. */
  static void requireLength(String member, int length, int max) {
    if (length < 1 || length > max) {
      throw new ValidationException(
          "1 validation error detected: Value at '"
              + member
              + "' failed to satisfy constraint:"
              + " Member must have length "
              + (length < 1 ? "greater than or equal to 1" : "less than or equal to " + max));
    }
  }

  /**
   * A list of 1 to {@code max} entries whose emptiness DynamoDB echoes ({@code Value '[]' at ...}),
   * e.g. TransactItems.
   */
  static void requireEntries(String member, List<?> entries, int max) {
    if (entries.isEmpty() || entries.size() > max) {
      throw new ValidationException(
          "1 validation error detected: Value "
              + (entries.isEmpty() ? "'[]' " : "")
              + "at '"
              + member
              + "' failed to satisfy constraint: Member must have length "
              + (entries.isEmpty()
                  ? "greater than or equal to 1"
                  : "less than or equal to " + max));
    }
  }

  /** A number from 1 to {@code max}, e.g. ListTables' Limit. */
  static void requireValue(String member, long value, long max) {
    if (value < 1 || value > max) {
      throw new ValidationException(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + member
              + "' failed to satisfy constraint: Member must have value less than or equal to "
              + max
              + " and greater than or equal to 1");
    }
  }
}

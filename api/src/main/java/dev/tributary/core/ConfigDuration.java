package dev.tributary.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration writes them, one rule for the worker's YAML and every handler's
 * settings: a whole number of {@code ms}, {@code s}, {@code m}, {@code h} or {@code d} ({@code
 * 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}; any case, blanks allowed before the
 * unit), or ISO-8601 ({@code PT30S}). A bare number ({@code 500}) or a negative short form ({@code
 * -5s}) is not a duration. Callers word the error, naming their key.
 */
public final class ConfigDuration {
  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private ConfigDuration() {}

  /** The duration {@code text} writes, or empty when it writes none. */
  public static Optional<Duration> parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    try {
      return Optional.of(Duration.parse(t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

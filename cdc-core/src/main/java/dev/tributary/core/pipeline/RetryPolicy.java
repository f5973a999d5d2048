package dev.tributary.core.pipeline;

import dev.tributary.core.SettingChecks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How failed events are retried: up to {@code maxAttempts} deliveries in all, waiting an
 * exponentially growing back-off (from {@code initialBackoff}, times {@code multiplier}, at most
 * {@code maxBackoff}) with full jitter of {@code jitter} (0-1) between attempts, and giving up
 * early on events older than {@code maxEventAge}. Events that give up go to the dead-letter topic.
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    double multiplier,
    double jitter,
    Optional<Duration> maxEventAge) {

  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          5, Duration.ofMillis(100), Duration.ofSeconds(30), 2.0, 0.2, Optional.empty());

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxEventAge, "maxEventAge");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "retry maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "retry backoff must satisfy 0 <= initialBackoff <= maxBackoff, was "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
    if (multiplier < 1.0) {
      throw new IllegalArgumentException("retry multiplier must be at least 1, was " + multiplier);
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("retry jitter must be between 0 and 1, was " + jitter);
    }
    maxEventAge.ifPresent(age -> SettingChecks.positive(age, "retry maxEventAge"));
  }

  public static RetryPolicy attempts(int maxAttempts) {
    return new RetryPolicy(
        maxAttempts,
        DEFAULT.initialBackoff,
        DEFAULT.maxBackoff,
        DEFAULT.multiplier,
        DEFAULT.jitter,
        Optional.empty());
  }

  public RetryPolicy withBackoff(Duration initial, Duration max, double multiplier) {
    return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter, maxEventAge);
  }

  public RetryPolicy withJitter(double jitter) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, maxEventAge);
  }

  public RetryPolicy withMaxEventAge(Duration age) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, Optional.of(age));
  }

  /** The back-off before attempt {@code attempt + 1}, without jitter. */
  public Duration backoffAfter(int attempt) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    return Duration.ofMillis((long) Math.min(millis, (double) maxBackoff.toMillis()));
  }
}

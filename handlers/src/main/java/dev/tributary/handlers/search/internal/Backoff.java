package dev.tributary.handlers.search.internal;

import dev.tributary.core.pipeline.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** Waits between the handler's own attempts: the policy's exponential back-off, with jitter. */
public final class Backoff {
  private final RetryPolicy policy;

  public Backoff(RetryPolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  public int maxAttempts() {
    return policy.maxAttempts();
  }

  /** Sleeps after failed attempt {@code attempt} (1-based). */
  public void pauseAfter(int attempt) throws InterruptedException {
    Duration d = policy.backoffAfter(attempt);
    double cut = policy.jitter() * ThreadLocalRandom.current().nextDouble();
    long millis = Math.round(d.toMillis() * (1.0 - cut));
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}

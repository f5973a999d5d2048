package dev.tributary.core.runner.internal;

import dev.tributary.core.pipeline.RetryPolicy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before the next attempt: the policy's exponential back-off less a random jitter share.
 */
final class Backoff {
  private Backoff() {}

  static long nanosAfter(RetryPolicy policy, int failures) {
    long base = policy.backoffAfter(failures).toNanos();
    double cut = policy.jitter() * ThreadLocalRandom.current().nextDouble();
    return (long) (base * (1.0 - cut));
  }
}

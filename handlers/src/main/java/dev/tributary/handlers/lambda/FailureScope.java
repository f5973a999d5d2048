package dev.tributary.handlers.lambda;

/** Which events a reported batch item failure sends back for retry. */
public enum FailureScope {
  /**
   * Only the records the function named. The runner still redelivers a failed event's later events
   * of the same key after it, so per-key order holds. Default.
   */
  ITEMS,
  /**
   * The lowest failed record and every record after it in the batch, exactly as Lambda resumes a
   * shard after a partial failure; for functions that rely on seeing that tail again.
   */
  FROM_LOWEST
}

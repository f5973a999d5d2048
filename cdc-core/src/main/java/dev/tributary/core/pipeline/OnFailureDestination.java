package dev.tributary.core.pipeline;

/**
 * Where a lane runner sends Lambda invocation records of events that gave up, outside Kafka (an S3
 * bucket, a webhook). Called by the runner's thread before it commits past the events; one instance
 * per runner.
 */
public interface OnFailureDestination extends AutoCloseable {
  /**
   * Delivers {@code record}, retrying briefly as the destination sees fit. Throws when it could not
   * be delivered: the runner then keeps the partition's position uncommitted and tries again later.
   */
  void deliver(InvocationRecord record) throws Exception;

  /** Releases clients. */
  @Override
  default void close() {}
}

package dev.tributary.core.handler;

/**
 * One delivery of a batch: which attempt this is (1 for the first) and where in the lane it lies.
 */
public interface BatchContext extends HandlerContext {
  /** 1 for the first delivery of these events, 2 for the first retry, ... */
  int attempt();

  /** The lane topic partition the batch came from. */
  int partition();

  /** The lane offset of the batch's first event. */
  long firstOffset();

  /** The lane offset of the batch's last event. */
  long lastOffset();

  /** One delivery's context, for runners and for calling handlers directly. */
  static BatchContext of(
      String pipeline,
      String handler,
      int attempt,
      int partition,
      long firstOffset,
      long lastOffset) {
    return new Contexts.Batch(pipeline, handler, attempt, partition, firstOffset, lastOffset);
  }
}

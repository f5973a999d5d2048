package dev.tributary.core.handler;

import dev.tributary.core.ChangeEvent;
import java.util.List;
import java.util.Optional;

/**
 * Handles batches of change events of one lane (one handler of one pipeline). Runners call {@link
 * #open} once, then {@link #handle} for each batch, in per-key order, then {@link #close}.
 *
 * <p>Return {@link BatchResult#success()} when every event's effect is done; return the events that
 * failed (Lambda's ReportBatchItemFailures) to have only those retried, or those that can never
 * succeed ({@link BatchResult#deadLetter}) to have them dead-lettered without retries; throw to
 * have the whole batch retried. A {@link dev.tributary.core.BadRecordException} marks the batch's
 * events as poison: they go to the dead-letter topic without retries.
 *
 * <p>Runners deliver at least once: after a crash between an effect and its commit, the same events
 * come again with the same {@code eventID}s. A handler whose effects are idempotent on {@code
 * eventID} (or on the source sequence number) says so with {@link #idempotent()}, and then its end
 * state is exactly-once.
 */
public interface ChangeHandler extends AutoCloseable {

  /** Called once before the first batch. */
  default void open(HandlerContext context) throws Exception {}

  BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception;

  /** Whether snapshot (backfill) INSERTs are delivered to this handler. */
  default boolean wantsSnapshotEvents() {
    return true;
  }

  /** Whether redelivering an event (same eventID) leaves the effect unchanged. */
  default boolean idempotent() {
    return false;
  }

  /**
   * State this handler keeps per lane partition that the runner should commit with its position and
   * restore after a restart (see {@link PartitionState}); empty for none. A handler that wraps
   * another returns the wrapped one's.
   */
  default Optional<PartitionState> partitionState() {
    return Optional.empty();
  }

  @Override
  default void close() throws Exception {}
}

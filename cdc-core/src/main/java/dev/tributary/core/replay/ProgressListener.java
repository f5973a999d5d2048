package dev.tributary.core.replay;

/**
 * Told how a replay or backfill advances, for a progress bar: called from the delivering thread
 * after each batch. {@code totalEstimate} is an upper estimate (offsets or sequences in range, or
 * the table's item count), or -1 when unknown; it may be revised as reading goes on.
 */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (done, totalEstimate) -> {};

  void progress(long done, long totalEstimate);
}

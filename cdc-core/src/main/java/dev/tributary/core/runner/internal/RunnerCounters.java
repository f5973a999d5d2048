package dev.tributary.core.runner.internal;

import java.util.concurrent.atomic.LongAdder;

/** What a runner has done so far; read from any thread. */
public final class RunnerCounters {
  final LongAdder delivered = new LongAdder();
  final LongAdder batches = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder redelivered = new LongAdder();
  final LongAdder bisections = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder commits = new LongAdder();
  final LongAdder succeeded = new LongAdder();
  final LongAdder skipped = new LongAdder();

  public long delivered() {
    return delivered.sum();
  }

  public long batches() {
    return batches.sum();
  }

  public long retries() {
    return retries.sum();
  }

  public long redelivered() {
    return redelivered.sum();
  }

  public long bisections() {
    return bisections.sum();
  }

  public long deadLettered() {
    return deadLettered.sum();
  }

  public long commits() {
    return commits.sum();
  }

  public long succeeded() {
    return succeeded.sum();
  }

  /** Snapshot events done without delivery: the handler takes none. */
  public long skipped() {
    return skipped.sum();
  }
}

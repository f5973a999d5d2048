package dev.tributary.engine.internal;

import java.util.TreeSet;

/**
 * Hands out a table's change-log sequence numbers and tells readers how far the log is complete.
 * Writers to different items commit concurrently, so sequence 7 may reach RocksDB before 6; a
 * reader must not pass 6 until it is written or abandoned, or it would skip it forever. {@link
 * #visible()} is the highest sequence below which nothing is still in flight.
 */
final class SequenceGate {
  private long next;
  private final TreeSet<Long> inFlight = new TreeSet<>();
  private volatile long visible;
  private int waiters;

  SequenceGate(long lastWritten) {
    this.next = lastWritten + 1;
    this.visible = lastWritten;
  }

  synchronized long allocate() {
    long s = next++;
    inFlight.add(s);
    return s;
  }

  /** Marks a sequence written (or abandoned by a failed write); wakes readers waiting past it. */
  synchronized void complete(long sequence) {
    inFlight.remove(sequence);
    visible = inFlight.isEmpty() ? next - 1 : inFlight.first() - 1;
    if (waiters > 0) {
      notifyAll();
    }
  }

  /** The sequence the next allocation will return. */
  synchronized long nextSequence() {
    return next;
  }

  long visible() {
    return visible;
  }

  /** Blocks until a sequence after {@code after} is visible or the wait ends; true if one is. */
  synchronized boolean awaitAfter(long after, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    waiters++;
    try {
      while (visible <= after) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    } finally {
      waiters--;
    }
  }

  /** Wakes every waiting reader, e.g. because the table is going away. */
  synchronized void wakeAll() {
    notifyAll();
  }
}

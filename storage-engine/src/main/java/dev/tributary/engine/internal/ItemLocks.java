package dev.tributary.engine.internal;

import dev.tributary.engine.TransactionConflictException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Per-item locks that make read-modify-write linearizable per item. Entries exist only while
 * someone holds or waits for them. A single-item write that meets an item locked by a transaction
 * is rejected with TransactionConflictException, as DynamoDB rejects it; transactions lock their
 * items in key order, so they never deadlock. A lock is a one-permit semaphore, not a thread's
 * lock: a durable write's lock is released by the thread that committed it, once it is written.
 */
final class ItemLocks {
  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    final Semaphore permit = new Semaphore(1);
    int refs;
    volatile boolean transactional;
  }

  /** A held lock; close to release. */
  final class Held implements AutoCloseable {
    private final ByteBuffer key;
    private final Entry entry;

    private Held(ByteBuffer key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    @Override
    public void close() {
      entry.transactional = false;
      entry.permit.release();
      release(key);
    }
  }

  /** Locks one item for a single-item write, waiting behind other single-item writes. */
  Held lock(byte[] itemKey) {
    ByteBuffer key = ByteBuffer.wrap(itemKey);
    Entry e = retain(key);
    if (e.transactional && e.permit.availablePermits() == 0) {
      release(key);
      throw new TransactionConflictException("Transaction is ongoing for the item");
    }
    e.permit.acquireUninterruptibly();
    return new Held(key, e);
  }

  /** Locks one item for a transaction, or returns null if it stays busy for the whole wait. */
  Held lockForTransaction(byte[] itemKey, long waitMillis) {
    ByteBuffer key = ByteBuffer.wrap(itemKey);
    Entry e = retain(key);
    boolean locked;
    try {
      locked = e.permit.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      locked = false;
    }
    if (!locked) {
      release(key);
      return null;
    }
    e.transactional = true;
    return new Held(key, e);
  }

  private Entry retain(ByteBuffer key) {
    return entries.compute(
        key,
        (k, e) -> {
          Entry entry = e == null ? new Entry() : e;
          entry.refs++;
          return entry;
        });
  }

  private void release(ByteBuffer key) {
    entries.computeIfPresent(key, (k, e) -> --e.refs == 0 ? null : e);
  }

  int size() {
    return entries.size();
  }
}

package dev.tributary.engine.internal;

import dev.tributary.engine.TransactionConflictException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-item locks that make read-modify-write linearizable per item. Entries exist only while
 * someone holds or waits for them. A single-item write that meets an item locked by a transaction
 * is rejected with TransactionConflictException, as DynamoDB rejects it; transactions lock their
 * items in key order, so they never deadlock.
 */
final class ItemLocks {
  private final ConcurrentHashMap<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
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
      entry.lock.unlock();
      release(key);
    }
  }

  /** Locks one item for a single-item write, waiting behind other single-item writes. */
  Held lock(byte[] itemKey) {
    ByteBuffer key = ByteBuffer.wrap(itemKey);
    Entry e = retain(key);
    if (e.transactional && e.lock.isLocked()) {
      release(key);
      throw new TransactionConflictException("Transaction is ongoing for the item");
    }
    e.lock.lock();
    return new Held(key, e);
  }

  /** Locks one item for a transaction, or returns null if it stays busy for the whole wait. */
  Held lockForTransaction(byte[] itemKey, long waitMillis) {
    ByteBuffer key = ByteBuffer.wrap(itemKey);
    Entry e = retain(key);
    boolean locked;
    try {
      locked = e.lock.tryLock(waitMillis, TimeUnit.MILLISECONDS);
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

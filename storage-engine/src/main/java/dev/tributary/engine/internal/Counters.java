package dev.tributary.engine.internal;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Item counts and sizes per table and index, kept exact by merging signed deltas (RocksDB's
 * uint64add wraps, so two's complement deltas subtract) in the same batch as the items.
 */
final class Counters {
  private Counters() {}

  static byte[] itemsKey(int ownerId) {
    return key('i', ownerId);
  }

  static byte[] bytesKey(int ownerId) {
    return key('b', ownerId);
  }

  /**
   * The highest change-log sequence retention has trimmed from a table: once its log is trimmed
   * empty, the log alone no longer tells where sequences continue. Written with put, not merged.
   */
  static byte[] trimmedKey(int tableId) {
    return key('t', tableId);
  }

  private static byte[] key(char kind, int ownerId) {
    return new byte[] {
      (byte) kind,
      (byte) (ownerId >>> 24),
      (byte) (ownerId >>> 16),
      (byte) (ownerId >>> 8),
      (byte) ownerId
    };
  }

  /** A little-endian 8-byte value, the format of uint64add. */
  static byte[] delta(long value) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    return b;
  }

  static long read(byte[] value) {
    if (value == null) {
      return 0;
    }
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (value[i] & 0xFF);
    }
    return Math.max(0, v);
  }

  /** Removes an owner's counters (its table or index is gone). */
  static void clear(Store store, int ownerId) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(store.cf(Keyspace.COUNTERS), itemsKey(ownerId));
      batch.delete(store.cf(Keyspace.COUNTERS), bytesKey(ownerId));
      batch.delete(store.cf(Keyspace.COUNTERS), trimmedKey(ownerId));
      store.write(batch);
    } catch (RocksDBException e) {
      throw Store.failure("counter delete", e);
    }
  }

  static long items(Store store, int ownerId) {
    return read(store.get(Keyspace.COUNTERS, itemsKey(ownerId)));
  }

  static long bytes(Store store, int ownerId) {
    return read(store.get(Keyspace.COUNTERS, bytesKey(ownerId)));
  }
}

package dev.tributary.engine.internal;

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

  /** The last change-log sequence of a table that retention trimmed (a big-endian long). */
  static byte[] trimmedThroughKey(int tableId) {
    return key('s', tableId);
  }

  static void setTrimmedThrough(Store store, int tableId, long sequence) {
    try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
      batch.put(store.cf(Keyspace.COUNTERS), trimmedThroughKey(tableId), StorageKeys.long8(sequence));
      store.write(batch);
    } catch (org.rocksdb.RocksDBException e) {
      throw Store.failure("counter write", e);
    }
  }

  static long trimmedThrough(Store store, int tableId) {
    byte[] v = store.get(Keyspace.COUNTERS, trimmedThroughKey(tableId));
    return v == null ? 0 : StorageKeys.readLong8(v, 0);
  }

  private static byte[] key(char kind, int ownerId) {
    return new byte[] {
      (byte) kind, (byte) (ownerId >>> 24), (byte) (ownerId >>> 16), (byte) (ownerId >>> 8), (byte) ownerId
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
    try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
      batch.delete(store.cf(Keyspace.COUNTERS), itemsKey(ownerId));
      batch.delete(store.cf(Keyspace.COUNTERS), bytesKey(ownerId));
      batch.delete(store.cf(Keyspace.COUNTERS), trimmedThroughKey(ownerId));
      store.write(batch);
    } catch (org.rocksdb.RocksDBException e) {
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

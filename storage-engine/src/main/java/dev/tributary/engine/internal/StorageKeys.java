package dev.tributary.engine.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.internal.codec.KeyEncoding;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the RocksDB keys of {@link Keyspace#ITEMS} and {@link Keyspace#INDEXES}: an owner id, a
 * hash of the partition key (so partitions spread as in DynamoDB and Scan segments are hash
 * ranges), then the order-preserving encoding of the key values, so one partition's items lie
 * together in sort-key order.
 */
final class StorageKeys {
  private StorageKeys() {}

  static byte[] itemKey(int tableId, AttributeValue partition, AttributeValue sort) {
    byte[] pk = KeyEncoding.encode(partition);
    byte[] sk = sort == null ? new byte[0] : KeyEncoding.encode(sort);
    return concat(ownerAndHash(tableId, KeyEncoding.partitionHash(pk)), pk, sk);
  }

  static byte[] partitionPrefix(int ownerId, List<AttributeValue> partitionValues) {
    byte[] pk = KeyEncoding.encode(partitionValues.toArray(new AttributeValue[0]));
    return concat(ownerAndHash(ownerId, KeyEncoding.partitionHash(pk)), pk);
  }

  static byte[] indexEntryKey(
      int indexUid,
      List<AttributeValue> partitionValues,
      List<AttributeValue> sortValues,
      AttributeValue tablePartition,
      AttributeValue tableSort) {
    byte[] prefix = partitionPrefix(indexUid, partitionValues);
    byte[] sort = KeyEncoding.encode(sortValues.toArray(new AttributeValue[0]));
    byte[] tpk = KeyEncoding.encode(tablePartition);
    byte[] tsk = tableSort == null ? new byte[0] : KeyEncoding.encode(tableSort);
    return concat(prefix, sort, tpk, tsk);
  }

  /** The first key of an owner (table or index). */
  static byte[] ownerStart(int ownerId) {
    return int4(ownerId);
  }

  /** The first key after every key of an owner. */
  static byte[] ownerEnd(int ownerId) {
    return KeyEncoding.prefixEnd(int4(ownerId));
  }

  /**
   * The first key of Scan segment {@code segment} of {@code total}: a range of partition hashes.
   */
  static byte[] segmentStart(int ownerId, int segment, int total) {
    long start = (segment * 0x1_0000_0000L) / total;
    return concat(int4(ownerId), int4((int) start));
  }

  static byte[] segmentEnd(int ownerId, int segment, int total) {
    if (segment + 1 >= total) {
      return ownerEnd(ownerId);
    }
    return segmentStart(ownerId, segment + 1, total);
  }

  static byte[] ownerAndHash(int ownerId, int hash) {
    return new byte[] {
      (byte) (ownerId >>> 24), (byte) (ownerId >>> 16), (byte) (ownerId >>> 8), (byte) ownerId,
      (byte) (hash >>> 24), (byte) (hash >>> 16), (byte) (hash >>> 8), (byte) hash
    };
  }

  static byte[] int4(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] long8(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  static long readLong8(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[offset + i] & 0xFF);
    }
    return v;
  }

  static byte[] concat(byte[]... parts) {
    int len = 0;
    for (byte[] p : parts) {
      len += p.length;
    }
    byte[] out = new byte[len];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }
}

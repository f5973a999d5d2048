package dev.tributary.engine.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * A range of storage keys, {@code start} inclusive and {@code end} exclusive, compared as unsigned
 * bytes (the order the key encoding gives DynamoDB's key order). Immutable: the arrays are never
 * changed once built. Records compare arrays by identity, so a range is not a map key.
 */
record KeyRange(byte[] start, byte[] end) {
  KeyRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
  }

  /** Whether {@code key} lies in the range. */
  boolean contains(byte[] key) {
    return Arrays.compareUnsigned(key, start) >= 0 && Arrays.compareUnsigned(key, end) < 0;
  }

  /** This range without the keys up to and including {@code key}: where a forward read resumes. */
  KeyRange after(byte[] key) {
    byte[] next = successor(key);
    return Arrays.compareUnsigned(next, start) > 0 ? new KeyRange(next, end) : this;
  }

  /** This range without the keys from {@code key} on: where a backward read resumes. */
  KeyRange before(byte[] key) {
    return Arrays.compareUnsigned(key, end) < 0 ? new KeyRange(start, key) : this;
  }

  /** The smallest key after {@code key}: no stored key extends another, so key + 0x00. */
  static byte[] successor(byte[] key) {
    return Arrays.copyOf(key, key.length + 1);
  }

  @Override
  public String toString() {
    return "[" + hex(start) + ", " + hex(end) + ")";
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 2);
    for (byte x : b) {
      s.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
    }
    return s.toString();
  }
}

package dev.tributary.core;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An immutable byte string, ordered as DynamoDB orders binary values: unsigned, byte by byte, a
 * prefix before any longer value.
 */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;
  private int hash;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes of(byte... bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new Bytes(bytes.clone());
  }

  public static Bytes fromBase64(String base64) {
    Objects.requireNonNull(base64, "base64");
    if (base64.length() % 4 != 0) {
      // Java's decoder accepts missing padding; DynamoDB does not
      throw new MalformedAttributeValueException(
          "Base64 encoded length is expected a multiple of 4 bytes but found: " + base64.length());
    }
    try {
      return new Bytes(Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw new MalformedAttributeValueException(
          "Invalid Base64 value for a binary attribute: " + e.getMessage());
    }
  }

  /** Wraps without copying; only for arrays that nobody else holds. */
  public static Bytes wrap(byte[] owned) {
    return new Bytes(Objects.requireNonNull(owned, "owned"));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public byte byteAt(int index) {
    return bytes[index];
  }

  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public boolean startsWith(Bytes prefix) {
    return bytes.length >= prefix.bytes.length
        && Arrays.equals(bytes, 0, prefix.bytes.length, prefix.bytes, 0, prefix.bytes.length);
  }

  /** Whether {@code part} occurs anywhere in these bytes. */
  public boolean contains(Bytes part) {
    outer:
    for (int i = 0; i + part.bytes.length <= bytes.length; i++) {
      for (int j = 0; j < part.bytes.length; j++) {
        if (bytes[i + j] != part.bytes[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    return toBase64();
  }
}

package dev.tributary.engine.internal.codec;

import java.util.Objects;

/**
 * A cursor over a slice of a byte array. Every read checks the slice's end and reports corrupt
 * input as an {@link IllegalStateException} naming the offset, never as an index error.
 */
public final class ByteReader {
  private final byte[] bytes;
  private final int start;
  private final int limit;
  private int pos;

  public ByteReader(byte[] bytes) {
    this(bytes, 0, Objects.requireNonNull(bytes, "bytes").length);
  }

  public ByteReader(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.checkFromIndexSize(offset, length, bytes.length);
    this.bytes = bytes;
    this.start = offset;
    this.limit = offset + length;
    this.pos = offset;
  }

  /** Position relative to the start of the slice. */
  public int position() {
    return pos - start;
  }

  public int remaining() {
    return limit - pos;
  }

  public boolean hasRemaining() {
    return pos < limit;
  }

  /** The next byte, unsigned, without consuming it. */
  public int peek() {
    require(1);
    return bytes[pos] & 0xFF;
  }

  /** The byte after the next one, unsigned, or -1 at the end. */
  int peekSecond() {
    return pos + 1 < limit ? bytes[pos + 1] & 0xFF : -1;
  }

  public int readUnsignedByte() {
    require(1);
    return bytes[pos++] & 0xFF;
  }

  public void skip(int n) {
    require(n);
    pos += n;
  }

  public byte[] readBytes(int n) {
    require(n);
    byte[] out = new byte[n];
    System.arraycopy(bytes, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** The backing array and absolute index of the next byte, for zero-copy decoding. */
  byte[] array() {
    return bytes;
  }

  int absolutePosition() {
    return pos;
  }

  public int readVarInt() {
    int at = position();
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readUnsignedByte();
      if (shift == 28 && (b & 0xF0) != 0) {
        throw corrupt(at, "varint overflows 32 bits");
      }
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw corrupt(at, "varint longer than 5 bytes");
  }

  public long readVarLong() {
    int at = position();
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      long b = readUnsignedByte();
      if (shift == 63 && (b & 0xFE) != 0) {
        throw corrupt(at, "varint overflows 64 bits");
      }
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw corrupt(at, "varint longer than 10 bytes");
  }

  /** A length that must fit in what is left, so a corrupt length cannot allocate gigabytes. */
  public int readLength() {
    int at = position();
    int n = readVarInt();
    if (n < 0 || n > remaining()) {
      throw corrupt(
          at,
          "length " + Integer.toUnsignedString(n) + " exceeds the " + remaining() + " bytes left");
    }
    return n;
  }

  private void require(int n) {
    if (n < 0 || n > limit - pos) {
      throw corrupt(
          position(), "unexpected end of input (need " + n + " bytes, " + remaining() + " left)");
    }
  }

  public IllegalStateException corrupt(int offset, String what) {
    return new IllegalStateException("Corrupt encoding at offset " + offset + ": " + what);
  }
}

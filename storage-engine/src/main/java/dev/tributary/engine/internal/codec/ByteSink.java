package dev.tributary.engine.internal.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte buffer, like {@code ByteArrayOutputStream} without the synchronization and the
 * checked exceptions. Reusable with {@link #reset()}, so a hot path can keep one per thread.
 */
public final class ByteSink {
  private byte[] buf;
  private int size;

  public ByteSink() {
    this(64);
  }

  public ByteSink(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must be >= 0: " + initialCapacity);
    }
    buf = new byte[Math.max(8, initialCapacity)];
  }

  /** Makes room for {@code n} more bytes; call before a run of {@link #putUnchecked(int)}. */
  public void ensure(int n) {
    int needed = size + n;
    if (needed < 0) {
      throw new IllegalStateException("ByteSink would exceed 2 GB");
    }
    if (needed > buf.length) {
      int grown = Math.max(needed, buf.length << 1);
      buf = Arrays.copyOf(buf, grown < 0 ? Integer.MAX_VALUE - 8 : grown);
    }
  }

  public ByteSink write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  public ByteSink write(byte[] bytes) {
    return write(bytes, 0, bytes.length);
  }

  public ByteSink write(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    ensure(length);
    System.arraycopy(bytes, offset, buf, size, length);
    size += length;
    return this;
  }

  /** Writes one byte without a bounds check; the caller has called {@link #ensure(int)}. */
  void putUnchecked(int b) {
    buf[size++] = (byte) b;
  }

  /** Unsigned LEB128, 1 to 5 bytes. */
  public ByteSink writeVarInt(int value) {
    ensure(5);
    while ((value & ~0x7F) != 0) {
      buf[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[size++] = (byte) value;
    return this;
  }

  /** Unsigned LEB128, 1 to 10 bytes. */
  public ByteSink writeVarLong(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buf[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buf[size++] = (byte) value;
    return this;
  }

  public int size() {
    return size;
  }

  public void reset() {
    size = 0;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}

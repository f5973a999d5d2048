package dev.tributary.engine.internal.codec;

/** MurmurHash3 x86_32 (Austin Appleby, public domain), little-endian blocks. */
final class Murmur3 {
  private static final int C1 = 0xcc9e2d51;
  private static final int C2 = 0x1b873593;

  private Murmur3() {}

  @SuppressWarnings("fallthrough") // the reference tail handling
  static int hash32(byte[] data, int offset, int length, int seed) {
    int h = seed;
    int blocks = length >>> 2;
    for (int i = 0; i < blocks; i++) {
      int p = offset + (i << 2);
      int k =
          (data[p] & 0xFF)
              | (data[p + 1] & 0xFF) << 8
              | (data[p + 2] & 0xFF) << 16
              | (data[p + 3] & 0xFF) << 24;
      h ^= mixK(k);
      h = Integer.rotateLeft(h, 13) * 5 + 0xe6546b64;
    }
    int tail = offset + (blocks << 2);
    int k = 0;
    switch (length & 3) {
      case 3:
        k ^= (data[tail + 2] & 0xFF) << 16;
      // fall through
      case 2:
        k ^= (data[tail + 1] & 0xFF) << 8;
      // fall through
      case 1:
        k ^= data[tail] & 0xFF;
        h ^= mixK(k);
        break;
      default:
        break;
    }
    h ^= length;
    return fmix(h);
  }

  private static int mixK(int k) {
    k *= C1;
    k = Integer.rotateLeft(k, 15);
    return k * C2;
  }

  private static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}

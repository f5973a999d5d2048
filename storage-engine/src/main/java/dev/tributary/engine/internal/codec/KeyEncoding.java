package dev.tributary.engine.internal.codec;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An order-preserving, self-delimiting encoding of DynamoDB key scalars (S, N, B): RocksDB's
 * bytewise comparator orders encoded keys exactly as DynamoDB orders the values, and a
 * concatenation {@code enc(a) + enc(b)} orders by a, then b.
 *
 * <p>Each component starts with a tag byte (as in FoundationDB's tuple layer), which makes decoding
 * checkable and guarantees the byte after a terminator is never 0xFF:
 *
 * <ul>
 *   <li>B: {@code 0x01}, the bytes with each 0x00 written as 0x00 0xFF, then 0x00.
 *   <li>S: {@code 0x02}, the UTF-8 bytes escaped the same way, then 0x00.
 *   <li>N: {@code 0x14} negative, {@code 0x15} zero (nothing follows), {@code 0x16} positive. A
 *       non-zero number is one byte of decimal exponent of its leading digit (e + 130, which fits
 *       exactly in 0..255 for DynamoDB's range -130..125), then its significant digits in pairs,
 *       one byte per pair (pair + 1), then 0x00. A negative number inverts all of it (255 - b) so
 *       larger magnitudes sort first; its terminator is 0xFF, above every inverted digit byte.
 * </ul>
 *
 * Escaping keeps a string that is a prefix of another sorting first: the terminator 0x00 is below
 * the escaped 0x00 0xFF and every other byte, whatever component follows.
 */
public final class KeyEncoding {
  static final int TAG_B = 0x01;
  static final int TAG_S = 0x02;
  static final int TAG_N_NEG = 0x14;
  static final int TAG_N_ZERO = 0x15;
  static final int TAG_N_POS = 0x16;

  private static final int EXPONENT_BIAS = -Numbers.MIN_EXPONENT; // 130
  private static final int PARTITION_HASH_SEED = 0x5EED_D1B0;

  private KeyEncoding() {}

  // ---- encoding ----------------------------------------------------------------------------

  /** Appends the encoding of one key scalar (S, N or B). */
  public static void encode(AttributeValue scalar, ByteSink sink) {
    Objects.requireNonNull(scalar, "scalar");
    Objects.requireNonNull(sink, "sink");
    if (writeUnterminated(scalar, sink)) {
      sink.write(0x00);
    } else if (scalar instanceof AttributeValue.N n) {
      encodeNumber(n.value(), sink);
    } else {
      throw new IllegalArgumentException(
          "Key attributes must be of type S, N or B, not " + scalar.type());
    }
  }

  /**
   * Appends the tag and escaped bytes of an S or B value without its terminator (a key value's
   * encoding, and a {@code begins_with} prefix's); false, writing nothing, for another type.
   */
  private static boolean writeUnterminated(AttributeValue v, ByteSink sink) {
    if (v instanceof AttributeValue.S s) {
      sink.write(TAG_S);
      Utf8.write(s.value(), sink, true);
      return true;
    }
    if (v instanceof AttributeValue.B b) {
      sink.write(TAG_B);
      writeEscaped(b.value(), sink);
      return true;
    }
    return false;
  }

  /** The encoding of a composite key: each component in turn. */
  public static byte[] encode(AttributeValue... components) {
    Objects.requireNonNull(components, "components");
    ByteSink sink = new ByteSink(32);
    for (AttributeValue c : components) {
      encode(c, sink);
    }
    return sink.toByteArray();
  }

  /**
   * Appends the encoding of a {@code begins_with} prefix of type S or B: the tag and escaped bytes
   * without the terminator, so every encoded value starting with {@code prefix} starts with these
   * bytes. Scan {@code [p, prefixEnd(p))} with the partition's bytes in front.
   */
  public static void encodePrefix(AttributeValue prefix, ByteSink sink) {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(sink, "sink");
    if (!writeUnterminated(prefix, sink)) {
      throw new IllegalArgumentException("begins_with applies to S and B, not " + prefix.type());
    }
  }

  public static byte[] encodePrefix(AttributeValue prefix) {
    ByteSink sink = new ByteSink(16);
    encodePrefix(prefix, sink);
    return sink.toByteArray();
  }

  /**
   * The exclusive upper bound of every key whose leading components are exactly the complete
   * components encoded in {@code encoded}: {@code encoded + 0xFF}. Use it for "all items of a
   * partition" ({@code [enc(pk), componentEnd(enc(pk)))}), for "{@code sk <= k}" (end bound) and
   * "{@code sk > k}" (start bound). Not {@link #prefixEnd}: the encoding of "a" is a byte prefix of
   * the encoding of "a\0" (the escape starts with 0x00), but the byte after a complete component is
   * a tag or the end, never 0xFF, while an escaped 0x00 continues with 0xFF.
   */
  public static byte[] componentEnd(byte[] encoded) {
    Objects.requireNonNull(encoded, "encoded");
    byte[] end = new byte[encoded.length + 1];
    System.arraycopy(encoded, 0, end, 0, encoded.length);
    end[encoded.length] = (byte) 0xFF;
    return end;
  }

  /**
   * The smallest byte string greater than every string that starts with {@code prefix}: drop
   * trailing 0xFF bytes, then add one to the last byte. Use it with {@link #encodePrefix} for
   * {@code begins_with}; for complete components use {@link #componentEnd}.
   *
   * @throws IllegalArgumentException if the prefix is empty or all 0xFF (no such bound; scan to the
   *     end instead). Encoded keys start with a tag byte, so they always have one.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    Objects.requireNonNull(prefix, "prefix");
    int last = prefix.length - 1;
    while (last >= 0 && prefix[last] == (byte) 0xFF) {
      last--;
    }
    if (last < 0) {
      throw new IllegalArgumentException(
          "No upper bound exists for an empty or all-0xFF prefix of length " + prefix.length);
    }
    byte[] end = new byte[last + 1];
    System.arraycopy(prefix, 0, end, 0, last + 1);
    end[last]++;
    return end;
  }

  /** Whether {@link #prefixEnd(byte[])} has an answer for this prefix. */
  public static boolean hasPrefixEnd(byte[] prefix) {
    for (byte b : Objects.requireNonNull(prefix, "prefix")) {
      if (b != (byte) 0xFF) {
        return true;
      }
    }
    return false;
  }

  // ---- decoding ----------------------------------------------------------------------------

  /** Decodes one component of the given key type, advancing the reader past it. */
  public static AttributeValue decode(ByteReader in, AttributeValue.Type type) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(type, "type");
    int at = in.position();
    int tag = in.readUnsignedByte();
    switch (type) {
      case S:
        expectTag(in, at, tag, TAG_S, type);
        byte[] utf8 = readEscaped(in);
        return AttributeValue.s(Utf8.decode(utf8, 0, utf8.length));
      case B:
        expectTag(in, at, tag, TAG_B, type);
        return AttributeValue.b(Bytes.wrap(readEscaped(in)));
      case N:
        if (tag == TAG_N_ZERO) {
          return AttributeValue.n(BigDecimal.ZERO);
        }
        if (tag != TAG_N_POS && tag != TAG_N_NEG) {
          throw in.corrupt(at, "expected a number tag, found 0x" + Integer.toHexString(tag));
        }
        return AttributeValue.n(decodeNumber(in, tag == TAG_N_NEG, at));
      default:
        throw new IllegalArgumentException("Key attributes must be of type S, N or B, not " + type);
    }
  }

  /** Decodes a whole composite key; trailing bytes are an error. */
  public static AttributeValue[] decode(byte[] key, AttributeValue.Type... types) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(types, "types");
    ByteReader in = new ByteReader(key);
    AttributeValue[] out = new AttributeValue[types.length];
    for (int i = 0; i < types.length; i++) {
      out[i] = decode(in, types[i]);
    }
    if (in.hasRemaining()) {
      throw in.corrupt(in.position(), in.remaining() + " trailing bytes after the key");
    }
    return out;
  }

  // ---- partition hash ----------------------------------------------------------------------

  /**
   * MurmurHash3 (x86, 32-bit) of the encoded partition key with a fixed seed: stable across JVMs
   * and releases, so partitions and Scan segments never move. Changing it is a format change.
   */
  public static int partitionHash(byte[] encodedPartitionKey) {
    Objects.requireNonNull(encodedPartitionKey, "encodedPartitionKey");
    return Murmur3.hash32(encodedPartitionKey, 0, encodedPartitionKey.length, PARTITION_HASH_SEED);
  }

  /**
   * The Scan segment (0 .. totalSegments-1) that owns a partition hash: the unsigned hash space cut
   * into equal contiguous ranges, as DynamoDB's parallel scan cuts its key space.
   */
  public static int segmentOf(int partitionHash, int totalSegments) {
    if (totalSegments < 1) {
      throw new IllegalArgumentException("totalSegments must be >= 1: " + totalSegments);
    }
    return (int) (((partitionHash & 0xFFFF_FFFFL) * totalSegments) >>> 32);
  }

  // ---- internals ---------------------------------------------------------------------------

  private static void writeEscaped(Bytes value, ByteSink sink) {
    int n = value.length();
    sink.ensure(n * 2);
    for (int i = 0; i < n; i++) {
      byte b = value.byteAt(i);
      sink.putUnchecked(b);
      if (b == 0) {
        sink.putUnchecked(0xFF);
      }
    }
  }

  /** Reads escaped bytes up to and including the terminator; returns them unescaped. */
  private static byte[] readEscaped(ByteReader in) {
    byte[] a = in.array();
    int start = in.absolutePosition();
    int end = start + in.remaining();
    int escapes = 0;
    int i = start;
    while (true) {
      if (i >= end) {
        throw in.corrupt(in.position(), "unterminated string or binary key component");
      }
      if (a[i] == 0) {
        if (i + 1 < end && a[i + 1] == (byte) 0xFF) {
          escapes++;
          i += 2;
          continue;
        }
        break;
      }
      i++;
    }
    byte[] out = new byte[i - start - escapes];
    if (escapes == 0) {
      System.arraycopy(a, start, out, 0, out.length);
    } else {
      int o = 0;
      for (int j = start; j < i; j++) {
        out[o++] = a[j];
        if (a[j] == 0) {
          j++; // skip the 0xFF escape
        }
      }
    }
    in.skip(i - start + 1);
    return out;
  }

  private static void expectTag(
      ByteReader in, int at, int tag, int expected, AttributeValue.Type t) {
    if (tag != expected) {
      throw in.corrupt(
          at,
          "expected a key component of type " + t + ", found tag 0x" + Integer.toHexString(tag));
    }
  }

  private static void encodeNumber(BigDecimal value, ByteSink sink) {
    int signum = value.signum();
    if (signum == 0) {
      sink.write(TAG_N_ZERO);
      return;
    }
    BigDecimal n = value.stripTrailingZeros(); // already normalized in N; cheap when it is
    String digits = n.unscaledValue().abs().toString();
    int exponent = Numbers.exponentOf(n);
    if (exponent > Numbers.MAX_EXPONENT || exponent < Numbers.MIN_EXPONENT) {
      throw new IllegalArgumentException("Number out of DynamoDB's range: " + n);
    }
    int flip = signum < 0 ? 0xFF : 0x00; // b ^ 0xFF == 255 - b
    sink.ensure(3 + (digits.length() + 1) / 2);
    sink.putUnchecked(signum < 0 ? TAG_N_NEG : TAG_N_POS);
    sink.putUnchecked((exponent + EXPONENT_BIAS) ^ flip);
    for (int i = 0; i < digits.length(); i += 2) {
      int hi = digits.charAt(i) - '0';
      int lo = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0;
      sink.putUnchecked((hi * 10 + lo + 1) ^ flip);
    }
    sink.putUnchecked(flip);
  }

  private static BigDecimal decodeNumber(ByteReader in, boolean negative, int at) {
    int flip = negative ? 0xFF : 0x00;
    int exponent = (in.readUnsignedByte() ^ flip) - EXPONENT_BIAS;
    char[] digits = new char[Numbers.MAX_DIGITS + 2];
    int count = 0;
    while (true) {
      int b = in.readUnsignedByte() ^ flip;
      if (b == 0) {
        break;
      }
      if (b > 100 || count >= Numbers.MAX_DIGITS) {
        throw in.corrupt(in.position() - 1, "invalid digit pair in number key");
      }
      digits[count++] = (char) ('0' + (b - 1) / 10);
      digits[count++] = (char) ('0' + (b - 1) % 10);
    }
    while (count > 0 && digits[count - 1] == '0') {
      count--; // the pad digit of an odd count
    }
    if (count == 0 || digits[0] == '0') {
      throw in.corrupt(at, "number key without a leading significant digit");
    }
    BigInteger unscaled = new BigInteger(new String(digits, 0, count));
    return new BigDecimal(negative ? unscaled.negate() : unscaled, count - 1 - exponent);
  }
}

package dev.tributary.engine.internal.codec;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The binary form of an item in a RocksDB value: a format-version byte, then a varint attribute
 * count and each attribute as (varint name length, UTF-8 name, value). A value is a tag byte and
 * its payload; lengths and counts are varints; numbers are stored as (zigzag scale, unscaled
 * integer) so they decode exactly, with a one-varint form for unscaled values that fit a long.
 * Attribute and map-entry order is kept.
 *
 * <p>Decoding trusts nothing: every length is checked against the bytes left (no huge allocation
 * from a bogus length), nesting is bounded (no stack overflow), and any inconsistency throws an
 * {@link IllegalStateException} naming the offset.
 */
public final class ItemCodec {
  /** The only format so far. A new format gets a new number; old ones stay readable. */
  public static final int FORMAT_V1 = 1;

  /** Deeper than DynamoDB's 32 levels of nesting, so every valid item fits. */
  public static final int MAX_DEPTH = 64;

  private static final int MAX_UNSCALED_BYTES = 17;

  static final int T_S = 0;
  static final int T_N_LONG = 1;
  static final int T_N_BIG = 2;
  static final int T_B = 3;
  static final int T_TRUE = 4;
  static final int T_FALSE = 5;
  static final int T_NULL = 6;
  static final int T_M = 7;
  static final int T_L = 8;
  static final int T_SS = 9;
  static final int T_NS = 10;
  static final int T_BS = 11;

  private ItemCodec() {}

  // ---- encoding ----------------------------------------------------------------------------

  public static byte[] encode(Map<String, AttributeValue> item) {
    Objects.requireNonNull(item, "item");
    ByteSink sink = new ByteSink(128);
    encode(item, sink);
    return sink.toByteArray();
  }

  /** Appends the encoding to {@code sink}, for callers that reuse one buffer. */
  public static void encode(Map<String, AttributeValue> item, ByteSink sink) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(sink, "sink");
    sink.write(FORMAT_V1);
    writeEntries(item, sink, 0);
  }

  private static void writeEntries(Map<String, AttributeValue> map, ByteSink sink, int depth) {
    sink.writeVarInt(map.size());
    for (Map.Entry<String, AttributeValue> e : map.entrySet()) {
      writeString(Objects.requireNonNull(e.getKey(), "attribute name"), sink);
      writeValue(Objects.requireNonNull(e.getValue(), e.getKey()), sink, depth);
    }
  }

  private static void writeValue(AttributeValue v, ByteSink sink, int depth) {
    if (v instanceof AttributeValue.S s) {
      sink.write(T_S);
      writeString(s.value(), sink);
    } else if (v instanceof AttributeValue.N n) {
      writeNumber(n.value(), sink);
    } else if (v instanceof AttributeValue.B b) {
      sink.write(T_B);
      writeBytes(b.value(), sink);
    } else if (v instanceof AttributeValue.Bool bool) {
      sink.write(bool.value() ? T_TRUE : T_FALSE);
    } else if (v instanceof AttributeValue.Null) {
      sink.write(T_NULL);
    } else if (v instanceof AttributeValue.M m) {
      checkDepth(depth);
      sink.write(T_M);
      writeEntries(m.value(), sink, depth + 1);
    } else if (v instanceof AttributeValue.L l) {
      checkDepth(depth);
      sink.write(T_L);
      List<AttributeValue> list = l.value();
      sink.writeVarInt(list.size());
      for (int i = 0; i < list.size(); i++) {
        writeValue(list.get(i), sink, depth + 1);
      }
    } else if (v instanceof AttributeValue.SS ss) {
      sink.write(T_SS);
      sink.writeVarInt(ss.value().size());
      for (String s : ss.value()) {
        writeString(s, sink);
      }
    } else if (v instanceof AttributeValue.NS ns) {
      sink.write(T_NS);
      sink.writeVarInt(ns.value().size());
      for (BigDecimal d : ns.value()) {
        writeNumber(d, sink);
      }
    } else if (v instanceof AttributeValue.BS bs) {
      sink.write(T_BS);
      sink.writeVarInt(bs.value().size());
      for (Bytes b : bs.value()) {
        writeBytes(b, sink);
      }
    } else {
      throw new IllegalArgumentException("unknown attribute value " + v);
    }
  }

  private static void checkDepth(int depth) {
    if (depth >= MAX_DEPTH) {
      throw new IllegalArgumentException("Item nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private static void writeString(String s, ByteSink sink) {
    sink.writeVarInt(Utf8.encodedLength(s));
    Utf8.write(s, sink, false);
  }

  private static void writeBytes(Bytes b, ByteSink sink) {
    int n = b.length();
    sink.writeVarInt(n);
    sink.ensure(n);
    for (int i = 0; i < n; i++) {
      sink.putUnchecked(b.byteAt(i));
    }
  }

  private static void writeNumber(BigDecimal d, ByteSink sink) {
    BigInteger unscaled = d.unscaledValue();
    if (unscaled.bitLength() < 64) {
      sink.write(T_N_LONG);
      sink.writeVarInt(zigzag(d.scale()));
      sink.writeVarLong(zigzag(unscaled.longValue()));
    } else {
      sink.write(T_N_BIG);
      sink.writeVarInt(zigzag(d.scale()));
      byte[] twos = unscaled.toByteArray();
      sink.writeVarInt(twos.length);
      sink.write(twos);
    }
  }

  private static int zigzag(int v) {
    return (v << 1) ^ (v >> 31);
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  // ---- decoding ----------------------------------------------------------------------------

  /** Decodes a whole array. The returned map is a fresh, mutable, insertion-ordered map. */
  public static Map<String, AttributeValue> decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return decode(bytes, 0, bytes.length);
  }

  /** Decodes {@code length} bytes from {@code offset}; all of them must belong to the item. */
  public static Map<String, AttributeValue> decode(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    ByteReader in = new ByteReader(bytes, offset, length);
    if (!in.hasRemaining()) {
      throw in.corrupt(0, "empty input, expected an item");
    }
    int version = in.readUnsignedByte();
    if (version != FORMAT_V1) {
      throw in.corrupt(0, "unknown item format version " + version);
    }
    Map<String, AttributeValue> item = readEntries(in, 0);
    if (in.hasRemaining()) {
      throw in.corrupt(in.position(), in.remaining() + " trailing bytes after the item");
    }
    return item;
  }

  private static Map<String, AttributeValue> readEntries(ByteReader in, int depth) {
    int count = readCount(in);
    Map<String, AttributeValue> map = new LinkedHashMap<>(capacityFor(count));
    for (int i = 0; i < count; i++) {
      int at = in.position();
      String name = readString(in);
      if (map.put(name, readValue(in, depth)) != null) {
        throw in.corrupt(at, "duplicate attribute name '" + name + "'");
      }
    }
    return map;
  }

  private static AttributeValue readValue(ByteReader in, int depth) {
    int at = in.position();
    int tag = in.readUnsignedByte();
    try {
      switch (tag) {
        case T_S:
          return AttributeValue.s(readString(in));
        case T_N_LONG:
        case T_N_BIG:
          return AttributeValue.n(readNumber(in, tag));
        case T_B:
          return AttributeValue.b(Bytes.wrap(in.readBytes(in.readLength())));
        case T_TRUE:
          return AttributeValue.bool(true);
        case T_FALSE:
          return AttributeValue.bool(false);
        case T_NULL:
          return AttributeValue.nul();
        case T_M:
          checkDepth(in, at, depth);
          return AttributeValue.m(readEntries(in, depth + 1));
        case T_L:
          checkDepth(in, at, depth);
          return AttributeValue.l(readList(in, depth + 1));
        case T_SS:
          return readStringSet(in);
        case T_NS:
          return readNumberSet(in);
        case T_BS:
          return readBinarySet(in);
        default:
          throw in.corrupt(at, "unknown value tag " + tag);
      }
    } catch (IllegalStateException e) {
      throw e;
    } catch (RuntimeException e) {
      // A value the model rejects (duplicate set member, number out of range, empty set).
      throw new IllegalStateException(
          "Corrupt encoding at offset " + at + ": invalid value: " + e.getMessage(), e);
    }
  }

  private static void checkDepth(ByteReader in, int at, int depth) {
    if (depth >= MAX_DEPTH) {
      throw in.corrupt(at, "nesting deeper than " + MAX_DEPTH + " levels");
    }
  }

  private static List<AttributeValue> readList(ByteReader in, int depth) {
    int count = readCount(in);
    List<AttributeValue> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(readValue(in, depth));
    }
    return list;
  }

  private static AttributeValue readStringSet(ByteReader in) {
    int count = readCount(in);
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(readString(in));
    }
    return AttributeValue.ss(values);
  }

  private static AttributeValue readNumberSet(ByteReader in) {
    int count = readCount(in);
    List<BigDecimal> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = in.position();
      int tag = in.readUnsignedByte();
      if (tag != T_N_LONG && tag != T_N_BIG) {
        throw in.corrupt(at, "expected a number in a number set, found tag " + tag);
      }
      values.add(readNumber(in, tag));
    }
    return AttributeValue.ns(values);
  }

  private static AttributeValue readBinarySet(ByteReader in) {
    int count = readCount(in);
    List<Bytes> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(Bytes.wrap(in.readBytes(in.readLength())));
    }
    return AttributeValue.bs(values);
  }

  /** A count of elements that each take at least one byte, so it cannot exceed what is left. */
  private static int readCount(ByteReader in) {
    return in.readLength();
  }

  private static String readString(ByteReader in) {
    int n = in.readLength();
    String s = Utf8.decode(in.array(), in.absolutePosition(), n);
    in.skip(n);
    return s;
  }

  private static BigDecimal readNumber(ByteReader in, int tag) {
    int scale = unzigzag(in.readVarInt());
    if (tag == T_N_LONG) {
      return BigDecimal.valueOf(unzigzag(in.readVarLong()), scale);
    }
    int at = in.position();
    int n = in.readLength();
    if (n == 0 || n > MAX_UNSCALED_BYTES) {
      // 38 digits need at most 17 bytes; refusing more keeps a bogus length from costing time.
      throw in.corrupt(at, "unscaled number of " + n + " bytes");
    }
    return new BigDecimal(new BigInteger(in.readBytes(n)), scale);
  }

  private static int unzigzag(int v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static int capacityFor(int count) {
    return count < 12 ? 16 : (int) Math.min(1 << 30, count * 4L / 3 + 1);
  }
}

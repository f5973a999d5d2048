package dev.tributary.engine.internal.codec;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators for DynamoDB attribute values, biased toward the values encodings get wrong. */
public final class AttributeValueArbitraries {
  private AttributeValueArbitraries() {}

  /** Unicode strings: NUL, ASCII, 2-, 3- and 4-byte UTF-8 characters, never lone surrogates. */
  public static Arbitrary<String> strings(int maxLength) {
    Arbitrary<Integer> codePoint =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.of(0x00, 0x01, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10FFFF)),
            Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
            Tuple.of(
                2,
                Arbitraries.integers()
                    .between(0x800, 0xFFFF)
                    .filter(AttributeValueArbitraries::notSurrogate)),
            Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10FFFF)));
    return codePoint
        .list()
        .ofMaxSize(maxLength)
        .map(
            cps -> {
              StringBuilder sb = new StringBuilder();
              cps.forEach(sb::appendCodePoint);
              return sb.toString();
            });
  }

  private static boolean notSurrogate(int cp) {
    return cp < 0xD800 || cp > 0xDFFF;
  }

  /** Byte strings rich in 0x00 and 0xFF, the escape's corner cases. */
  public static Arbitrary<Bytes> bytes(int maxLength) {
    Arbitrary<Byte> b =
        Arbitraries.frequencyOf(
            Tuple.of(
                1, Arbitraries.of((byte) 0x00, (byte) 0xFF, (byte) 0x01, (byte) 0x7F, (byte) 0x80)),
            Tuple.of(2, Arbitraries.bytes()));
    return b.list()
        .ofMaxSize(maxLength)
        .map(
            list -> {
              byte[] a = new byte[list.size()];
              for (int i = 0; i < a.length; i++) {
                a[i] = list.get(i);
              }
              return Bytes.wrap(a);
            });
  }

  /**
   * DynamoDB numbers, normalized: any sign, 1 to 38 significant digits, leading-digit exponent
   * anywhere in [-130, 125], plus the edges (zero, ±1, smallest and largest magnitudes).
   */
  public static Arbitrary<BigDecimal> numbers() {
    Arbitrary<BigDecimal> general =
        Combinators.combine(
                Arbitraries.integers().between(1, Numbers.MAX_DIGITS),
                Arbitraries.integers().between(Numbers.MIN_EXPONENT, Numbers.MAX_EXPONENT),
                Arbitraries.strings().withCharRange('0', '9').ofLength(Numbers.MAX_DIGITS),
                Arbitraries.integers().between(1, 9),
                Arbitraries.of(true, false))
            .as(
                (precision, exponent, digits, lead, negative) -> {
                  String d = lead + digits.substring(0, precision - 1);
                  BigInteger unscaled = new BigInteger(d);
                  BigDecimal v =
                      new BigDecimal(
                          negative ? unscaled.negate() : unscaled, precision - 1 - exponent);
                  return Numbers.normalize(v);
                });
    Arbitrary<BigDecimal> small =
        Arbitraries.integers()
            .between(-1000, 1000)
            .map(i -> Numbers.normalize(BigDecimal.valueOf(i, 1)));
    String max38 = "9".repeat(38);
    Arbitrary<BigDecimal> edges =
        Arbitraries.of(
                "0",
                "1",
                "-1",
                "10",
                "-10",
                "0.1",
                "-0.1",
                "1E-130",
                "-1E-130",
                "1E+125",
                "-1E+125",
                max38 + "E+88",
                "-" + max38 + "E+88",
                "1." + "0".repeat(36) + "1",
                "12345678901234567890123456789012345678",
                "9.99E-128",
                "0.5")
            .map(Numbers::parse);
    return Arbitraries.frequencyOf(Tuple.of(6, general), Tuple.of(2, small), Tuple.of(2, edges));
  }

  /** A key scalar of the given type. */
  public static Arbitrary<AttributeValue> keyScalars(AttributeValue.Type type) {
    switch (type) {
      case S:
        return strings(12).filter(s -> !s.isEmpty()).map(AttributeValue::s);
      case N:
        return numbers().map(AttributeValue::n);
      case B:
        return bytes(12).filter(b -> b.length() > 0).map(AttributeValue::b);
      default:
        throw new IllegalArgumentException("not a key type: " + type);
    }
  }

  /** Any attribute value, maps and lists nested up to {@code depth} levels. */
  public static Arbitrary<AttributeValue> values(int depth) {
    Arbitrary<AttributeValue> scalars =
        Arbitraries.oneOf(
            strings(20).map(AttributeValue::s),
            numbers().map(AttributeValue::n),
            bytes(20).map(AttributeValue::b),
            Arbitraries.of(true, false).map(AttributeValue::bool),
            Arbitraries.just(AttributeValue.nul()),
            strings(8).set().ofMinSize(1).ofMaxSize(5).map(AttributeValue::ss),
            numbers().set().ofMinSize(1).ofMaxSize(5).map(AttributeValue::ns),
            bytes(8).set().ofMinSize(1).ofMaxSize(5).map(AttributeValue::bs));
    if (depth <= 0) {
      return scalars;
    }
    Arbitrary<AttributeValue> inner = Arbitraries.lazy(() -> values(depth - 1));
    Arbitrary<AttributeValue> maps =
        Arbitraries.maps(strings(6), inner).ofMaxSize(3).map(AttributeValue::m);
    Arbitrary<AttributeValue> lists = inner.list().ofMaxSize(3).map(AttributeValue::l);
    return Arbitraries.frequencyOf(Tuple.of(4, scalars), Tuple.of(1, maps), Tuple.of(1, lists));
  }

  /** Items: up to 10 attributes with non-empty unicode names, values nested up to 4 levels. */
  public static Arbitrary<Map<String, AttributeValue>> items() {
    return Arbitraries.maps(strings(10).filter(s -> !s.isEmpty()), values(4)).ofMaxSize(10);
  }

  /** A list of items, for tests that want several at once. */
  public static Arbitrary<List<Map<String, AttributeValue>>> itemLists() {
    return items().list().ofMaxSize(5);
  }
}

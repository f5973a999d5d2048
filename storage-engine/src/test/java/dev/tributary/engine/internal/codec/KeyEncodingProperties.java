package dev.tributary.engine.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ItemSizes;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KeyEncodingProperties {

  /** DynamoDB's order: S by UTF-8 bytes unsigned, B unsigned, N numerically. */
  static int dynamoCompare(AttributeValue a, AttributeValue b) {
    if (a instanceof AttributeValue.S x && b instanceof AttributeValue.S y) {
      return Arrays.compareUnsigned(ItemSizes.utf8(x.value()), ItemSizes.utf8(y.value()));
    } else if (a instanceof AttributeValue.B x && b instanceof AttributeValue.B y) {
      return x.value().compareTo(y.value());
    } else if (a instanceof AttributeValue.N x && b instanceof AttributeValue.N y) {
      return x.compareTo(y);
    }
    throw new IllegalArgumentException(a + " vs " + b);
  }

  @Provide
  Arbitrary<AttributeValue.Type> keyTypes() {
    return Arbitraries.of(AttributeValue.Type.S, AttributeValue.Type.N, AttributeValue.Type.B);
  }

  @Provide
  Arbitrary<AttributeValue[]> samePair() {
    return keyTypes()
        .flatMap(
            t -> AttributeValueArbitraries.keyScalars(t).array(AttributeValue[].class).ofSize(2));
  }

  @Provide
  Arbitrary<AttributeValue[][]> compositePair() {
    return keyTypes()
        .flatMap(
            t1 ->
                keyTypes()
                    .flatMap(
                        t2 -> {
                          Arbitrary<AttributeValue> a = AttributeValueArbitraries.keyScalars(t1);
                          Arbitrary<AttributeValue> b = AttributeValueArbitraries.keyScalars(t2);
                          // Share the first component half of the time so the second one decides.
                          Arbitrary<AttributeValue[]> key =
                              Combinators.combine(a, b).as((x, y) -> new AttributeValue[] {x, y});
                          return key.array(AttributeValue[][].class)
                              .ofSize(2)
                              .flatMap(
                                  pair ->
                                      Arbitraries.of(true, false)
                                          .map(
                                              share -> {
                                                if (share) {
                                                  pair[1] =
                                                      new AttributeValue[] {pair[0][0], pair[1][1]};
                                                }
                                                return pair;
                                              }));
                        }));
  }

  @Property(tries = 2000)
  void encodingOrderIsDynamoOrder(@ForAll("samePair") AttributeValue[] pair) {
    int expected = Integer.signum(dynamoCompare(pair[0], pair[1]));
    int actual =
        Integer.signum(
            Arrays.compareUnsigned(KeyEncoding.encode(pair[0]), KeyEncoding.encode(pair[1])));
    assertThat(actual).as("%s vs %s", pair[0], pair[1]).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void scalarRoundTrips(@ForAll("samePair") AttributeValue[] pair) {
    for (AttributeValue v : pair) {
      byte[] enc = KeyEncoding.encode(v);
      assertThat(KeyEncoding.decode(enc, v.type())).containsExactly(v);
    }
  }

  @Property(tries = 2000)
  void compositeOrderIsLexicographicDynamoOrder(@ForAll("compositePair") AttributeValue[][] keys) {
    AttributeValue[] x = keys[0];
    AttributeValue[] y = keys[1];
    int first = dynamoCompare(x[0], y[0]);
    int expected = Integer.signum(first != 0 ? first : dynamoCompare(x[1], y[1]));
    int actual =
        Integer.signum(Arrays.compareUnsigned(KeyEncoding.encode(x), KeyEncoding.encode(y)));
    assertThat(actual).as("%s vs %s", Arrays.toString(x), Arrays.toString(y)).isEqualTo(expected);
  }

  @Property(tries = 1000)
  void compositeRoundTrips(@ForAll("compositePair") AttributeValue[][] keys) {
    AttributeValue[] x = keys[0];
    byte[] enc = KeyEncoding.encode(x);
    assertThat(KeyEncoding.decode(enc, x[0].type(), x[1].type())).containsExactly(x);
  }

  @Property(tries = 1000)
  void prefixMatchesExactlyTheValuesThatBeginWithIt(@ForAll("samePair") AttributeValue[] pair) {
    AttributeValue value = pair[0];
    if (value.type() == AttributeValue.Type.N) {
      return; // begins_with is for S and B
    }
    // Take a prefix of the value itself half of the time, the other value otherwise.
    AttributeValue prefix = prefixOf(value, pair[1]);
    boolean begins = beginsWith(value, prefix);
    byte[] p = KeyEncoding.encodePrefix(prefix);
    byte[] enc = KeyEncoding.encode(value);
    boolean inRange =
        Arrays.compareUnsigned(enc, p) >= 0
            && Arrays.compareUnsigned(enc, KeyEncoding.prefixEnd(p)) < 0;
    assertThat(inRange).as("%s begins_with %s", value, prefix).isEqualTo(begins);
  }

  private static AttributeValue prefixOf(AttributeValue value, AttributeValue other) {
    if (value instanceof AttributeValue.S s) {
      String v = s.value();
      int cut = Math.floorMod(other.hashCode(), v.length() + 1);
      if (cut > 0 && Character.isLowSurrogate(v.charAt(cut - 1)) && cut < v.length()) {
        cut++;
      }
      if (cut > 0 && Character.isHighSurrogate(v.charAt(cut - 1))) {
        cut--;
      }
      return other.hashCode() % 3 == 0 ? other : AttributeValue.s(v.substring(0, cut));
    }
    byte[] v = ((AttributeValue.B) value).value().toArray();
    int cut = Math.floorMod(other.hashCode(), v.length + 1);
    return other.hashCode() % 3 == 0 ? other : AttributeValue.b(Arrays.copyOf(v, cut));
  }

  private static boolean beginsWith(AttributeValue value, AttributeValue prefix) {
    if (value instanceof AttributeValue.S s) {
      return s.value().startsWith(((AttributeValue.S) prefix).value());
    }
    return ((AttributeValue.B) value).value().startsWith(((AttributeValue.B) prefix).value());
  }

  @Property(tries = 2000)
  void componentEndBoundsAtMostAndAbove(@ForAll("compositePair") AttributeValue[][] keys) {
    // Items (pk, sk) of the table; "sk <= k" scans [enc(pk), componentEnd(enc(pk) + enc(k))),
    // "sk > k" scans [componentEnd(enc(pk) + enc(k)), componentEnd(enc(pk))).
    AttributeValue pk = keys[0][0];
    AttributeValue k = keys[0][1];
    AttributeValue sk = keys[1][0].type() == k.type() ? keys[1][0] : keys[1][1];
    if (sk.type() != k.type()) {
      return;
    }
    byte[] item = KeyEncoding.encode(pk, sk);
    byte[] bound = KeyEncoding.componentEnd(KeyEncoding.encode(pk, k));
    boolean atMost = Arrays.compareUnsigned(item, bound) < 0;
    assertThat(atMost).as("%s <= %s", sk, k).isEqualTo(dynamoCompare(sk, k) <= 0);
    byte[] partitionEnd = KeyEncoding.componentEnd(KeyEncoding.encode(pk));
    assertThat(Arrays.compareUnsigned(item, partitionEnd)).isNegative();
  }

  @Property(tries = 1000)
  void partitionRangeExcludesOtherPartitions(@ForAll("samePair") AttributeValue[] pks) {
    byte[] start = KeyEncoding.encode(pks[0]);
    byte[] end = KeyEncoding.componentEnd(start);
    byte[] other = KeyEncoding.encode(pks[1], AttributeValue.s("x"));
    boolean inside =
        Arrays.compareUnsigned(other, start) >= 0 && Arrays.compareUnsigned(other, end) < 0;
    assertThat(inside).isEqualTo(pks[0].equals(pks[1]));
  }
}

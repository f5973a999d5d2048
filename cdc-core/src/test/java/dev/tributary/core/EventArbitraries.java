package dev.tributary.core;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;

/** Random attribute values, items and change events for property tests. */
final class EventArbitraries {
  private EventArbitraries() {}

  static Arbitrary<AttributeValue> values(int depth) {
    Arbitrary<AttributeValue> scalar =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(20).map(AttributeValue::s),
            Arbitraries.bigDecimals()
                .between(new BigDecimal("-1E20"), new BigDecimal("1E20"))
                .ofScale(6)
                .map(AttributeValue::n),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(10).map(AttributeValue::b),
            Arbitraries.of(true, false).map(AttributeValue::bool),
            Arbitraries.just(AttributeValue.nul()),
            Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(5)
                .set()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(AttributeValue::ss),
            Arbitraries.integers()
                .set()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(s -> AttributeValue.ns(s.stream().map(BigDecimal::valueOf).toList())),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(Bytes::of)
                .set()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(AttributeValue::bs));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<AttributeValue> nested = values(depth - 1);
    return Arbitraries.oneOf(
        scalar,
        nested.list().ofMaxSize(4).map(AttributeValue::l),
        Arbitraries.maps(names(), nested).ofMaxSize(4).map(AttributeValue::m));
  }

  static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('_', '#', '.')
        .ofMinLength(1)
        .ofMaxLength(8);
  }

  static Arbitrary<Map<String, AttributeValue>> items() {
    return Arbitraries.maps(names(), values(2)).ofMaxSize(6);
  }

  static Arbitrary<Map<String, AttributeValue>> keys() {
    Arbitrary<AttributeValue> keyValue =
        Arbitraries.oneOf(
            Arbitraries.strings()
                .alpha()
                .numeric()
                .withChars('#')
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(AttributeValue::s),
            Arbitraries.longs().map(AttributeValue::n),
            Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(8)
                .map(AttributeValue::b));
    return Arbitraries.maps(names(), keyValue).ofMinSize(1).ofMaxSize(2);
  }

  static Arbitrary<StreamRecord> records() {
    return Builders.withBuilder(() -> new Object[7])
        .use(keys())
        .in((a, v) -> set(a, 0, v))
        .use(items().optional())
        .in((a, v) -> set(a, 1, v))
        .use(items().optional())
        .in((a, v) -> set(a, 2, v))
        .use(Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30))
        .in((a, v) -> set(a, 3, v))
        .use(Arbitraries.longs().between(0, 400_000))
        .in((a, v) -> set(a, 4, v))
        .use(Arbitraries.of(StreamViewType.class))
        .in((a, v) -> set(a, 5, v))
        .use(Arbitraries.longs().between(0, 4_102_444_800_000L).map(Instant::ofEpochMilli))
        .in((a, v) -> set(a, 6, v))
        .build(EventArbitraries::record);
  }

  @SuppressWarnings("unchecked")
  private static StreamRecord record(Object[] a) {
    return new StreamRecord(
        (Map<String, AttributeValue>) a[0],
        (Optional<Map<String, AttributeValue>>) a[1],
        (Optional<Map<String, AttributeValue>>) a[2],
        (String) a[3],
        (Long) a[4],
        (StreamViewType) a[5],
        (Instant) a[6]);
  }

  private static Object[] set(Object[] a, int i, Object v) {
    a[i] = v;
    return a;
  }

  static Arbitrary<ChangeEvent> events() {
    Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
    Arbitrary<Optional<UserIdentity>> identity =
        Combinators.combine(text, text).as(UserIdentity::new).optional();
    Arbitrary<String[]> header =
        Combinators.combine(text.filter(s -> !s.isEmpty()), text, text, text, text)
            .as(
                (id, version, source, region, arn) ->
                    new String[] {id, version, source, region, arn});
    return Combinators.combine(
            header,
            Arbitraries.of(EventName.class),
            records(),
            identity,
            Arbitraries.of(true, false))
        .as(
            (h, name, record, who, snapshot) ->
                new ChangeEvent(h[0], name, h[1], h[2], h[3], h[4], record, who, snapshot));
  }
}

package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AttributeValueJsonProperties {
  @Provide
  Arbitrary<AttributeValue> values() {
    return value(3);
  }

  private Arbitrary<AttributeValue> value(int depth) {
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
                .map(s -> AttributeValue.ns(s.stream().map(BigDecimal::valueOf).toList())));
    if (depth == 0) {
      return scalar;
    }
    Arbitrary<AttributeValue> nested = value(depth - 1);
    return Arbitraries.oneOf(
        scalar,
        nested.list().ofMaxSize(4).map(AttributeValue::l),
        Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(6), nested)
            .ofMaxSize(4)
            .map(AttributeValue::m));
  }

  @Property(tries = 500)
  void shouldRoundTripEveryValueThroughDynamoDbJson(@ForAll("values") AttributeValue value) {
    assertThat(AttributeValueJson.fromJson(AttributeValueJson.toJson(value))).isEqualTo(value);
  }

  @Test
  void shouldRejectMalformedValuesInDynamoDbWords() {
    assertThatThrownBy(() -> AttributeValueJson.fromJson("{}"))
        .hasMessage(
            "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
    assertThatThrownBy(() -> AttributeValueJson.fromJson("{\"S\":\"a\",\"N\":\"1\"}"))
        .hasMessageStartingWith("Supplied AttributeValue has more than one datatypes set");
    assertThatThrownBy(() -> AttributeValueJson.fromJson("{\"NULL\":false}"))
        .hasMessageContaining("Null attribute value types must have the value of true");
    assertThatThrownBy(() -> AttributeValueJson.fromJson("{\"N\":5}"))
        .isInstanceOf(MalformedAttributeValueException.class)
        .hasMessageContaining("NUMBER_VALUE cannot be converted to String");
    assertThatThrownBy(() -> AttributeValueJson.fromJson("{\"B\":\"YWJjZGVmZ2g\"}"))
        .isInstanceOf(MalformedAttributeValueException.class)
        .hasMessageContaining("multiple of 4");
    assertThat(AttributeValueJson.itemFromJson("{\"a\":{\"SS\":[\"x\",\"y\"]}}"))
        .isEqualTo(Map.of("a", AttributeValue.ss("y", "x")));
  }
}

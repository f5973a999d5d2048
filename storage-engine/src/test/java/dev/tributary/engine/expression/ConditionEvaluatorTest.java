package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.b;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.ns;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static dev.tributary.engine.expression.Fixtures.item;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionEvaluatorTest {
  private final Map<String, AttributeValue> item =
      item(
          "num", n(10),
          "str", s("hello"),
          "bin", b((byte) 0x01, (byte) 0xFF),
          "tags", ss("red", "blue"),
          "nums", ns("1", "2"),
          "arr", l(n(1), s("x"), m(Map.of("k", n(3)))),
          "doc", m(Map.of("nested", m(Map.of("deep", n(7))))),
          "uni", s("é\uD834\uDD1E"));

  private boolean eval(String expression, Object... placeholders) {
    return ConditionEvaluator.evaluate(
        ExpressionParser.condition(expression, ph(placeholders)), item);
  }

  @Test
  void shouldCompareNumbersNumerically() {
    assertThat(eval("num > :v", ":v", n(9))).isTrue();
    assertThat(eval("num = :v", ":v", n("10.0"))).isTrue();
    assertThat(eval("num < :v", ":v", n(9))).isFalse();
  }

  @Test
  void shouldCompareStringsAndBinaryByUnsignedBytes() {
    assertThat(eval("str < :v", ":v", s("help"))).isTrue();
    assertThat(eval("bin > :v", ":v", b((byte) 0x01, (byte) 0x7F))).isTrue();
  }

  @Test
  void shouldTreatDifferentTypesAsUnequalAndUnordered() {
    assertThat(eval("num = :v", ":v", s("10"))).isFalse();
    assertThat(eval("num <> :v", ":v", s("10"))).isTrue();
    assertThat(eval("num < :v", ":v", s("99"))).isFalse();
    assertThat(eval("num >= :v", ":v", s("1"))).isFalse();
  }

  @Test
  void shouldMakeComparisonsWithMissingAttributesFalseExceptNotEqual() {
    assertThat(eval("absent = :v", ":v", n(1))).isFalse();
    assertThat(eval("absent < :v", ":v", n(1))).isFalse();
    assertThat(eval("absent <> :v", ":v", n(1))).isTrue();
    assertThat(eval("absent BETWEEN :a AND :b", ":a", n(1), ":b", n(2))).isFalse();
    assertThat(eval("absent IN (:a)", ":a", n(1))).isFalse();
  }

  @Test
  void shouldCompareSetsListsAndMapsForEqualityOnly() {
    assertThat(eval("tags = :v", ":v", ss("blue", "red"))).isTrue();
    assertThat(eval("tags < :v", ":v", s("zzz"))).isFalse(); // a set in the item: not ordered
    assertThatThrownBy(() -> eval("num < :v", ":v", ss("zzz"))) // a set given: an error
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("operator or function: <, operand type: SS");
    assertThat(eval("doc.nested = :v", ":v", m(Map.of("deep", n(7))))).isTrue();
  }

  @Test
  void shouldEvaluateBetweenAndIn() {
    assertThat(eval("num BETWEEN :a AND :b", ":a", n(10), ":b", n(11))).isTrue();
    assertThat(eval("num BETWEEN :a AND :b", ":a", n(11), ":b", n(12))).isFalse();
    assertThat(eval("str IN (:a, :b)", ":a", s("x"), ":b", s("hello"))).isTrue();
  }

  @Test
  void shouldResolveNestedListAndMapPaths() {
    assertThat(eval("arr[2].k = :v", ":v", n(3))).isTrue();
    assertThat(eval("doc.nested.deep = :v", ":v", n(7))).isTrue();
    assertThat(eval("attribute_exists(arr[5])")).isFalse();
    assertThat(eval("attribute_exists(str.x)")).isFalse();
  }

  @Test
  void shouldCountSizeAsDynamoDbDoes() {
    assertThat(eval("size(str) = :v", ":v", n(5))).isTrue();
    assertThat(eval("size(uni) = :v", ":v", n(3))).isTrue(); // UTF-16 code units
    assertThat(eval("size(bin) = :v", ":v", n(2))).isTrue();
    assertThat(eval("size(tags) = :v", ":v", n(2))).isTrue();
    assertThat(eval("size(arr) = :v", ":v", n(3))).isTrue();
    assertThat(eval("size(doc) = :v", ":v", n(1))).isTrue();
    assertThat(eval("size(num) = :v", ":v", n(2))).isFalse();
    assertThat(eval("size(num) <> :v", ":v", n(2))).isTrue();
  }

  @Test
  void shouldEvaluateContainsOnStringsSetsAndLists() {
    assertThat(eval("contains(str, :v)", ":v", s("ell"))).isTrue();
    assertThat(eval("contains(tags, :v)", ":v", s("red"))).isTrue();
    assertThat(eval("contains(tags, :v)", ":v", s("re"))).isFalse();
    assertThat(eval("contains(nums, :v)", ":v", n("2.0"))).isTrue();
    assertThat(eval("contains(arr, :v)", ":v", s("x"))).isTrue();
    assertThat(eval("contains(num, :v)", ":v", n(1))).isFalse();
  }

  @Test
  void shouldEvaluateBeginsWithOnStringsAndBinary() {
    assertThat(eval("begins_with(str, :v)", ":v", s("he"))).isTrue();
    assertThat(eval("begins_with(str, :v)", ":v", s("lo"))).isFalse();
    assertThat(eval("begins_with(bin, :v)", ":v", b((byte) 0x01))).isTrue();
    assertThat(eval("begins_with(num, :v)", ":v", s("1"))).isFalse();
  }

  @Test
  void shouldMatchAttributeTypeDescriptors() {
    assertThat(eval("attribute_type(tags, :t)", ":t", s("SS"))).isTrue();
    assertThat(eval("attribute_type(num, :t)", ":t", s("S"))).isFalse();
    assertThat(eval("attribute_type(absent, :t)", ":t", s("NULL"))).isFalse();
  }

  @Test
  void shouldCombineWithAndOrNot() {
    assertThat(eval("attribute_exists(num) AND NOT attribute_exists(absent)")).isTrue();
    assertThat(eval("attribute_exists(absent) OR attribute_not_exists(num)")).isFalse();
  }

  @Test
  void shouldEvaluateBuiltConditionsLikeParsedOnes() {
    Condition built = Conditions.attr("str").eq(s("hello")).and(Conditions.attr("num").gt(n(5)));
    assertThat(ConditionEvaluator.evaluate(built, item)).isTrue();
    assertThat(ConditionEvaluator.evaluate(Conditions.attributeNotExists("num"), item)).isFalse();
  }
}

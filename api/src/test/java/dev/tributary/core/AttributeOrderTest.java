package dev.tributary.core;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AttributeOrderTest {
  @Test
  void shouldOrderNumbersNumericallyAndStringsByUtf8Bytes() {
    assertThat(AttributeOrder.compare(n("9"), n("10")).getAsInt()).isNegative();
    // U+1D11E (a surrogate pair in UTF-16) sorts after U+FF5E in UTF-8 bytes, not before as in
    // String#compareTo
    String clef = "\uD834\uDD1E";
    String tilde = "\uFF5E";
    assertThat(clef.compareTo(tilde)).isNegative();
    assertThat(AttributeOrder.compare(s(clef), s(tilde)).getAsInt()).isPositive();
    assertThat(Integer.signum(AttributeOrder.compareStrings(clef, tilde)))
        .isEqualTo(
            Integer.signum(
                Arrays.compareUnsigned(
                    clef.getBytes(StandardCharsets.UTF_8),
                    tilde.getBytes(StandardCharsets.UTF_8))));
    assertThat(AttributeOrder.compare(s("ab"), s("abc")).getAsInt()).isNegative();
  }

  @Test
  void shouldNotOrderValuesOfDifferentTypes() {
    assertThat(AttributeOrder.compare(s("1"), n("1"))).isEqualTo(OptionalInt.empty());
    assertThat(AttributeOrder.beginsWith(s("order#1"), s("order#"))).isTrue();
    assertThat(AttributeOrder.beginsWith(n("12"), n("1"))).isFalse();
  }
}

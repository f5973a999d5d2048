package dev.tributary.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The sequence store's decimal handling agrees with {@link BigInteger} on every input. */
class SequenceOrderProperties {

  @Property
  void canonicalFormIsWhatBigIntegerWrites(@ForAll("digits") String text) {
    assertThat(LastSequences.canonicalDecimal(text)).isEqualTo(new BigInteger(text).toString());
  }

  @Property
  void comparisonOfCanonicalFormsIsNumeric(@ForAll("digits") String a, @ForAll("digits") String b) {
    int expected = Integer.signum(new BigInteger(a).compareTo(new BigInteger(b)));
    int actual =
        Integer.signum(
            LastSequences.compareDecimals(
                LastSequences.canonicalDecimal(a), LastSequences.canonicalDecimal(b)));
    assertThat(actual).isEqualTo(expected);
  }

  @Property
  void anythingButOneToSixtyFourDigitsIsRefused(@ForAll("notDigits") String text) {
    assertThat(LastSequences.canonicalDecimal(text)).isNull();
  }

  @Property
  void tooLongIsRefused(@ForAll @IntRange(min = 65, max = 200) int length) {
    assertThat(LastSequences.canonicalDecimal("1".repeat(length))).isNull();
  }

  @Provide
  Arbitrary<String> digits() {
    // leading zeros, all zeros, the widths of the engine's (21) and Debezium's (49) sequences
    return Arbitraries.strings().withChars("0000123456789").ofMinLength(1).ofMaxLength(64);
  }

  @Provide
  Arbitrary<String> notDigits() {
    return Arbitraries.oneOf(
        Arbitraries.just(""),
        Arbitraries.strings()
            .withChars("0123456789+- .eEx\u0660")
            .ofMinLength(1)
            .ofMaxLength(20)
            .filter(s -> !s.chars().allMatch(c -> c >= '0' && c <= '9')));
  }
}

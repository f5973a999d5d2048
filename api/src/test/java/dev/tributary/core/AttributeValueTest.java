package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AttributeValueTest {
  @Test
  void shouldNormalizeNumbersSoEqualityIsNumeric() {
    assertThat(AttributeValue.n("1.50")).isEqualTo(AttributeValue.n("1.5"));
    assertThat(AttributeValue.n("1E2").text()).isEqualTo("100");
    assertThat(AttributeValue.n("-0.000").text()).isEqualTo("0");
    assertThat(AttributeValue.ns("1", "2.0")).isEqualTo(AttributeValue.ns("2", "1.00"));
  }

  @Test
  void shouldRejectNumbersDynamoDbRejects() {
    assertThatThrownBy(() -> AttributeValue.n("1" + "0".repeat(38) + ".5"))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessage("Attempting to store more than 38 significant digits in a Number");
    assertThatThrownBy(() -> AttributeValue.n("1E126")).hasMessageStartingWith("Number overflow.");
    assertThatThrownBy(() -> AttributeValue.n("1E-131"))
        .hasMessageStartingWith("Number underflow.");
    // exponents read in full, as DynamoDB reads them, before the range checks
    assertThatThrownBy(() -> AttributeValue.n("1e99999999999"))
        .hasMessageStartingWith("Number overflow.");
    assertThatThrownBy(() -> AttributeValue.n("1e2147483648"))
        .hasMessageStartingWith("Number overflow.");
    assertThatThrownBy(() -> AttributeValue.n("1e-99999999999"))
        .hasMessageStartingWith("Number underflow.");
    assertThatThrownBy(() -> AttributeValue.n("1e9223372036854775808"))
        .hasMessage("The parameter cannot be converted to a numeric value");
    assertThatThrownBy(() -> AttributeValue.n("0e126")).hasMessageStartingWith("Number overflow.");
    assertThatThrownBy(() -> AttributeValue.n("0e-131"))
        .hasMessageStartingWith("Number underflow.");
    assertThat(AttributeValue.n("0e125")).isEqualTo(AttributeValue.n("0"));
    assertThat(AttributeValue.n("1e-130")).isEqualTo(AttributeValue.n("1E-130"));
    assertThatThrownBy(() -> AttributeValue.n("twelve"))
        .hasMessage("The parameter cannot be converted to a numeric value: twelve");
    assertThat(AttributeValue.n("9.9999999999999999999999999999999999999E+125").text())
        .hasSize(126);
    assertThat(AttributeValue.n("1E-130").text()).startsWith("0.000");
  }

  @Test
  void shouldRejectEmptyAndDuplicatedSets() {
    assertThatThrownBy(() -> AttributeValue.ss(List.of()))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessageContaining("may not be empty");
    assertThatThrownBy(() -> AttributeValue.ss("a", "a"))
        .hasMessage(
            "One or more parameter values were invalid: Input collection [a, a] contains duplicates.");
    assertThatThrownBy(() -> AttributeValue.ns("1", "1.0"))
        .hasMessageContaining("contains duplicates");
    assertThatThrownBy(
            () -> new AttributeValue.NS(Set.of(new BigDecimal("1"), new BigDecimal("1.0"))))
        .hasMessageContaining("contains duplicates");
  }

  @Test
  void shouldMeasureItemsAsDynamoDbDoes() {
    Map<String, AttributeValue> item =
        Item.builder()
            .s("id", "abc")
            .n("n", "12345")
            .bool("b", true)
            .l("l", List.of(AttributeValue.s("x")))
            .build();
    // id(2)+3, n(1)+(5+1)/2+1=4, b(1)+1, l(1)+3+1+1
    assertThat(ItemSizes.itemSize(item)).isEqualTo(5 + 5 + 2 + 6);
    assertThat(ItemSizes.utf8Length("é😀")).isEqualTo(2 + 4);
  }

  @Test
  void shouldOrderBytesUnsigned() {
    assertThat(Bytes.of((byte) 0x7F).compareTo(Bytes.of((byte) 0x80))).isNegative();
    assertThat(Bytes.of((byte) 1).compareTo(Bytes.of((byte) 1, (byte) 0))).isNegative();
  }
}

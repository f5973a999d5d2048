package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.ValidationException;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  @Test
  void shouldRejectUnusedValuePlaceholder() {
    Placeholders p = ph(":v", n(1), ":w", n(2));
    ExpressionParser.condition("a = :w", p);
    assertThatThrownBy(p::requireAllUsed)
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:v}");
  }

  @Test
  void shouldRejectUnusedNamePlaceholder() {
    Placeholders p = ph("#n", "name", ":v", n(1));
    ExpressionParser.condition("a = :v", p);
    assertThatThrownBy(p::requireAllUsed)
        .hasMessage("Value provided in ExpressionAttributeNames unused in expressions: keys: {#n}");
  }

  @Test
  void shouldCountUsesAcrossExpressionsOfOneRequest() {
    Placeholders p = ph("#n", "name", ":v", n(1), ":c", n(0));
    ExpressionParser.update("SET #n = :v", p);
    ExpressionParser.condition("attribute_not_exists(x) OR x = :c", p);
    assertThatCode(p::requireAllUsed).doesNotThrowAnyException();
  }
}

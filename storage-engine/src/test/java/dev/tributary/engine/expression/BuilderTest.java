package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import org.junit.jupiter.api.Test;

class BuilderTest {
  @Test
  void shouldBuildTheConditionTheParserProduces() {
    Condition built =
        Conditions.attr("status").eq(s("PENDING")).and(Conditions.attr("total").gt(n(100)));
    Condition parsed =
        ExpressionParser.condition(
            "#s = :p AND #t > :t",
            ph("#s", "status", "#t", "total", ":p", s("PENDING"), ":t", n(100)));
    assertThat(built).isEqualTo(parsed);
  }

  @Test
  void shouldBuildFunctionsAndSize() {
    assertThat(Conditions.attributeNotExists("orderId"))
        .isEqualTo(ExpressionParser.condition("attribute_not_exists(orderId)", ph()));
    assertThat(Conditions.size("a.b[1]").ge(n(2)))
        .isEqualTo(ExpressionParser.condition("size(a.b[1]) >= :n", ph(":n", n(2))));
    assertThat(Conditions.attributeType("a", AttributeValue.Type.SS))
        .isEqualTo(ExpressionParser.condition("attribute_type(a, :t)", ph(":t", s("SS"))));
  }

  @Test
  void shouldBuildTheUpdateTheParserProduces() {
    UpdateExpression built =
        Updates.set("price", n(10))
            .set("version", Updates.plus(Updates.path("version"), Updates.value(n(1))))
            .remove("draft")
            .add("tags", ss("x"))
            .build();
    UpdateExpression parsed =
        ExpressionParser.update(
            "SET price = :p, version = version + :one REMOVE draft ADD tags :t",
            ph(":p", n(10), ":one", n(1), ":t", ss("x")));
    assertThat(built).isEqualTo(parsed);
  }

  @Test
  void shouldRejectOverlappingUpdatePathsAtBuild() {
    Updates.Builder b = Updates.set("a", n(1)).remove("a.b");
    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("path one: [a], path two: [a, b]");
  }

  @Test
  void shouldRejectAddOfAStringAtOnce() {
    assertThatThrownBy(() -> Updates.add("a", s("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ADD takes a number or a set");
  }

  @Test
  void shouldParseDocumentPathsInBuilders() {
    assertThat(Path.document("a.b[2].c")).isEqualTo(Path.of("a").child("b").index(2).child("c"));
    assertThatThrownBy(() -> Path.document("[1]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectUpdateOnlyOperandsInConditions() {
    assertThatThrownBy(
            () ->
                new Condition.Comparison(
                    Comparator.EQ, Path.of("a"), new Operand.Plus(Path.of("a"), Path.of("b"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

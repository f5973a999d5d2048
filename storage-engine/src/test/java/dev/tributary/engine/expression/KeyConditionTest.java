package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.ValidationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KeyConditionTest {
  private static KeyCondition parse(String text, Placeholders p) {
    return ExpressionParser.keyCondition(text, p);
  }

  private static void assertError(String text, Placeholders p, String message) {
    assertThatThrownBy(() -> parse(text, p))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void shouldParseEveryKeyOperator() {
    Placeholders p = ph(":a", s("a"), ":b", s("b"));
    assertThat(parse("pk = :a AND sk BETWEEN :a AND :b", p).terms())
        .containsExactly(
            new KeyTerm("pk", KeyOperator.EQ, List.of(s("a"))),
            new KeyTerm("sk", KeyOperator.BETWEEN, List.of(s("a"), s("b"))));
    assertThat(parse("pk = :a and begins_with(sk, :b)", p).terms().get(1))
        .isEqualTo(new KeyTerm("sk", KeyOperator.BEGINS_WITH, List.of(s("b"))));
    assertThat(parse("sk < :a", p).terms().get(0).op()).isEqualTo(KeyOperator.LT);
    assertThat(parse("sk <= :a", p).terms().get(0).op()).isEqualTo(KeyOperator.LE);
    assertThat(parse("sk > :a", p).terms().get(0).op()).isEqualTo(KeyOperator.GT);
    assertThat(parse("sk >= :a", p).terms().get(0).op()).isEqualTo(KeyOperator.GE);
  }

  @Test
  void shouldFlipOperatorWhenValueComesFirst() {
    assertThat(parse(":a < sk", ph(":a", n(1))).terms())
        .containsExactly(new KeyTerm("sk", KeyOperator.GT, List.of(n(1))));
  }

  @Test
  void shouldRejectOperatorsKeyConditionsDoNotSupport() {
    Placeholders p = ph(":a", n(1));
    assertError(
        "pk = :a OR sk = :a",
        p,
        "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: OR");
    assertError(
        "pk <> :a",
        p,
        "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: <>");
    assertError(
        "pk IN (:a)",
        p,
        "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: IN");
    assertError(
        "NOT pk = :a",
        p,
        "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: NOT");
    assertError(
        "attribute_exists(pk)",
        p,
        "Invalid KeyConditionExpression: Invalid operator used in KeyConditionExpression: attribute_exists");
  }

  @Test
  void shouldRejectTwoConditionsOnOneKey() {
    assertError(
        "pk = :a AND pk = :a",
        ph(":a", n(1)),
        "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key");
  }

  @Test
  void shouldRejectReservedKeyName() {
    assertError(
        "status = :a",
        ph(":a", n(1)),
        "Invalid KeyConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
  }

  @Test
  void shouldMatchTableKeySchema() {
    KeyMatch m =
        parse(
                "#c = :c AND #d BETWEEN :x AND :y",
                ph(
                    "#c",
                    "customerId",
                    "#d",
                    "orderDate",
                    ":c",
                    s("c1"),
                    ":x",
                    s("2024"),
                    ":y",
                    s("2025")))
            .match(List.of("customerId"), List.of("orderDate"));
    assertThat(m.partitionValues()).containsExactly(s("c1"));
    assertThat(m.sortPrefix()).isEmpty();
    assertThat(m.range())
        .contains(new KeyTerm("orderDate", KeyOperator.BETWEEN, List.of(s("2024"), s("2025"))));
  }

  @Test
  void shouldMatchMultiAttributeKeysLeftToRight() {
    KeyCondition c =
        KeyConditions.partition("p1")
            .eq(s("a"))
            .and(KeyConditions.sort("p2").eq(s("b")))
            .and(KeyConditions.sort("s1").eq(s("c")))
            .and(KeyConditions.sort("s2").gt(n(5)));
    KeyMatch m = c.match(List.of("p1", "p2"), List.of("s1", "s2", "s3"));
    assertThat(m.partitionValues()).containsExactly(s("a"), s("b"));
    assertThat(m.sortPrefix()).containsExactly(s("c"));
    assertThat(m.range()).contains(new KeyTerm("s2", KeyOperator.GT, List.of(n(5))));
  }

  @Test
  void shouldRejectMissingPartitionAttribute() {
    KeyCondition c =
        new KeyCondition(List.of(new KeyTerm("orderDate", KeyOperator.EQ, List.of(s("x")))));
    assertThatThrownBy(() -> c.match(List.of("customerId"), List.of("orderDate")))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Query condition missed key schema element: customerId");
  }

  @Test
  void shouldRejectRangeOperatorOnPartitionAttribute() {
    KeyCondition c = new KeyCondition(List.of(new KeyTerm("pk", KeyOperator.GT, List.of(s("x")))));
    assertThatThrownBy(() -> c.match(List.of("pk"), List.of()))
        .hasMessage("Query key condition not supported");
  }

  @Test
  void shouldRejectGapInSortAttributes() {
    KeyCondition c =
        KeyConditions.partition("pk").eq(s("a")).and(KeyConditions.sort("s2").eq(s("b")));
    assertThatThrownBy(() -> c.match(List.of("pk"), List.of("s1", "s2")))
        .hasMessage(
            "RANGE key attributes s1 must have equality conditions specified in the query"
                + " because a condition is present on key attribute s2");
  }

  @Test
  void shouldRejectRangeBeforeLastGivenSortAttribute() {
    KeyCondition c =
        KeyConditions.partition("pk")
            .eq(s("a"))
            .and(KeyConditions.sort("s1").gt(s("b")))
            .and(KeyConditions.sort("s2").eq(s("c")));
    assertThatThrownBy(() -> c.match(List.of("pk"), List.of("s1", "s2")))
        .hasMessage(
            "RANGE key attributes s1 must have equality conditions specified in the query"
                + " because a condition is present on key attribute s2");
  }

  @Test
  void shouldRejectNonKeyAttribute() {
    KeyCondition c =
        KeyConditions.partition("pk").eq(s("a")).and(KeyConditions.sort("other").eq(s("b")));
    assertThatThrownBy(() -> c.match(List.of("pk"), List.of()))
        .hasMessage("Query key condition not supported");
    assertThat(KeyConditions.partition("pk").eq(s("a")).match(List.of("pk"), List.of("sk")).range())
        .isEqualTo(Optional.empty());
  }
}

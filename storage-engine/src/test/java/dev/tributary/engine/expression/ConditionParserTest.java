package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionParserTest {
  private static final Operand.Literal ONE = new Operand.Literal(n(1));
  private static final Operand.Literal TWO = new Operand.Literal(n(2));

  private static Condition parse(String text, Placeholders p) {
    return ExpressionParser.condition(text, p);
  }

  private static void assertError(String text, Placeholders p, String message) {
    assertThatThrownBy(() -> parse(text, p))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void shouldParseEveryComparator() {
    Placeholders p = ph(":v", n(1));
    assertThat(parse("a = :v", p))
        .isEqualTo(new Condition.Comparison(Comparator.EQ, Path.of("a"), ONE));
    assertThat(parse("a <> :v", p))
        .isEqualTo(new Condition.Comparison(Comparator.NE, Path.of("a"), ONE));
    assertThat(parse("a < :v", p))
        .isEqualTo(new Condition.Comparison(Comparator.LT, Path.of("a"), ONE));
    assertThat(parse("a<=:v", p))
        .isEqualTo(new Condition.Comparison(Comparator.LE, Path.of("a"), ONE));
    assertThat(parse("a > :v", p))
        .isEqualTo(new Condition.Comparison(Comparator.GT, Path.of("a"), ONE));
    assertThat(parse("a >= :v", p))
        .isEqualTo(new Condition.Comparison(Comparator.GE, Path.of("a"), ONE));
  }

  @Test
  void shouldParseNestedPathsWithPlaceholders() {
    Condition c = parse("a.#b[2].c = :v", ph("#b", "status", ":v", n(1)));
    assertThat(c)
        .isEqualTo(
            new Condition.Comparison(
                Comparator.EQ, Path.of("a").child("status").index(2).child("c"), ONE));
    assertThat(Path.of("a").child("status").index(2).child("c").toString())
        .isEqualTo("a.status[2].c");
  }

  @Test
  void shouldGiveAndPrecedenceOverOr() {
    Placeholders p = ph(":v", n(1));
    Condition c = parse("a = :v OR b = :v AND c = :v", p);
    assertThat(c).isInstanceOf(Condition.Or.class);
    assertThat(((Condition.Or) c).right()).isInstanceOf(Condition.And.class);
  }

  @Test
  void shouldBindNotTighterThanAnd() {
    Condition c = parse("NOT a = :v AND b = :v", ph(":v", n(1)));
    assertThat(c).isInstanceOf(Condition.And.class);
    assertThat(((Condition.And) c).left()).isInstanceOf(Condition.Not.class);
  }

  @Test
  void shouldLetParenthesesOverridePrecedence() {
    Condition c = parse("(a = :v OR b = :v) AND c = :v", ph(":v", n(1)));
    assertThat(c).isInstanceOf(Condition.And.class);
    assertThat(((Condition.And) c).left()).isInstanceOf(Condition.Or.class);
  }

  @Test
  void shouldAcceptKeywordsInAnyCase() {
    Condition c = parse("a between :v and :w oR not b in (:v)", ph(":v", n(1), ":w", n(2)));
    assertThat(c)
        .isEqualTo(
            new Condition.Or(
                new Condition.Between(Path.of("a"), ONE, TWO),
                new Condition.Not(new Condition.In(Path.of("b"), List.of(ONE)))));
  }

  @Test
  void shouldParseEveryFunction() {
    Placeholders p = ph(":s", s("ab"), ":t", s("S"), ":n", n(1));
    assertThat(parse("attribute_exists(a)", p))
        .isEqualTo(new Condition.AttributeExists(Path.of("a")));
    assertThat(parse("attribute_not_exists(a.b)", p))
        .isEqualTo(new Condition.AttributeNotExists(Path.of("a").child("b")));
    assertThat(parse("attribute_type(a, :t)", p))
        .isEqualTo(new Condition.AttributeType(Path.of("a"), new Operand.Literal(s("S"))));
    assertThat(parse("begins_with(a, :s)", p))
        .isEqualTo(new Condition.BeginsWith(Path.of("a"), new Operand.Literal(s("ab"))));
    assertThat(parse("contains(a, :s)", p))
        .isEqualTo(new Condition.Contains(Path.of("a"), new Operand.Literal(s("ab"))));
    assertThat(parse("size(a) > :n", p))
        .isEqualTo(new Condition.Comparison(Comparator.GT, new Operand.Size(Path.of("a")), ONE));
  }

  @Test
  void shouldFoldSizeOfAStringValue() {
    assertThat(parse("a = size(:s)", ph(":s", s("héllo"))))
        .isEqualTo(
            new Condition.Comparison(Comparator.EQ, Path.of("a"), new Operand.Literal(n(5))));
  }

  @Test
  void shouldParseInWithUpToOneHundredCandidates() {
    Map<String, AttributeValue> values = new HashMap<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      values.put(":v" + i, n(i));
      tokens.add(":v" + i);
    }
    Condition c =
        parse(
            "a IN (" + String.join(",", tokens.subList(0, 100)) + ")",
            Placeholders.of(Map.of(), values));
    assertThat(((Condition.In) c).candidates()).hasSize(100);
    assertError(
        "a IN (" + String.join(",", tokens) + ")",
        Placeholders.of(Map.of(), values),
        "Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101");
  }

  @Test
  void shouldRejectEmptyExpression() {
    assertError("  ", ph(), "Invalid ConditionExpression: The expression can not be empty;");
    assertThatThrownBy(() -> ExpressionParser.filter("", ph()))
        .hasMessage("Invalid FilterExpression: The expression can not be empty;");
  }

  @Test
  void shouldReportSyntaxErrorWithTokenAndNearText() {
    assertError(
        "a = = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Syntax error; token: \"=\", near: \"= = :v\"");
    assertError(
        "a =", ph(), "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
    assertError(
        "a = :v)",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Syntax error; token: \")\", near: \":v)\"");
    assertError(
        "a $ :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Syntax error; token: \"$\", near: \"a $ :v\"");
  }

  @Test
  void shouldReportSyntaxErrorBeforeReservedWord() {
    assertError(
        "status = :v AND",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  }

  @Test
  void shouldRejectReservedWordAsBareAttributeName() {
    assertError(
        "status = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
    assertError(
        "a.Name = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: Name");
    assertThat(parse("#s = :v", ph("#s", "status", ":v", n(1))))
        .isEqualTo(new Condition.Comparison(Comparator.EQ, Path.of("status"), ONE));
  }

  @Test
  void shouldRejectUndefinedPlaceholders() {
    assertError(
        "#x = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #x");
    assertError(
        "a = :w",
        ph(),
        "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w");
  }

  @Test
  void shouldRejectUnknownFunction() {
    assertError(
        "foo(a)", ph(), "Invalid ConditionExpression: Invalid function name; function: foo");
    assertError(
        "foo(a) = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Invalid function name; function: foo");
  }

  @Test
  void shouldRejectFunctionsUsedTheWrongWay() {
    assertError(
        "size(a)",
        ph(),
        "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: size");
    assertError(
        "attribute_exists(a) = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: The function is not allowed to be used this way in an expression; function: attribute_exists");
    assertError(
        "if_not_exists(a, :v) = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: The function is not allowed in a condition expression; function: if_not_exists");
    assertError(
        "attribute_exists(:v)",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists");
    assertError(
        "size(a, b) = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2");
  }

  @Test
  void shouldRejectIncorrectOperandTypesOfLiterals() {
    assertError(
        "size(:v) > a",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: size, operand type: N");
    assertError(
        "begins_with(a, :v)",
        ph(":v", n(1)),
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N");
    assertError(
        "attribute_type(a, :v)",
        ph(":v", s("STRING")),
        "Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
  }

  @Test
  void shouldRejectRedundantParentheses() {
    assertError(
        "((a = :v))",
        ph(":v", n(1)),
        "Invalid ConditionExpression: The expression has redundant parentheses;");
    assertThat(parse("(a = :v)", ph(":v", n(1)))).isInstanceOf(Condition.Comparison.class);
  }

  @Test
  void shouldRejectComparingAPathWithItself() {
    assertError(
        "a = a",
        ph(),
        "Invalid ConditionExpression: The first operand must be distinct from the remaining operands for this operator or function; operator: =, first operand: [a]");
  }

  @Test
  void shouldRejectBetweenBoundsOutOfOrder() {
    assertError(
        "a BETWEEN :hi AND :lo",
        ph(":hi", n(5), ":lo", n(1)),
        "Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}");
    assertError(
        "a BETWEEN :n AND :s",
        ph(":n", n(1), ":s", s("x")),
        "Invalid ConditionExpression: The BETWEEN operator requires same data type for lower and upper bounds; lower bound operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:x}");
  }

  @Test
  void shouldUseFilterExpressionPrefixForFilters() {
    assertThatThrownBy(() -> ExpressionParser.filter("size = :v", ph(":v", n(1))))
        .hasMessage(
            "Invalid FilterExpression: Attribute name is a reserved keyword; reserved keyword: size");
  }

  @Test
  void shouldRejectTooDeepPaths() {
    StringBuilder sb = new StringBuilder("a");
    for (int i = 0; i < 32; i++) {
      sb.append(".b");
    }
    assertError(
        sb + " = :v",
        ph(":v", n(1)),
        "Invalid ConditionExpression: The document path has too many nesting levels; nesting levels: 33");
  }
}

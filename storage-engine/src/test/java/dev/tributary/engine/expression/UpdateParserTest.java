package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdateParserTest {
  private static UpdateExpression parse(String text, Placeholders p) {
    return ExpressionParser.update(text, p);
  }

  private static void assertError(String text, Placeholders p, String message) {
    assertThatThrownBy(() -> parse(text, p))
        .isInstanceOf(ValidationException.class)
        .hasMessage(message);
  }

  @Test
  void shouldRefuseNestedListAppendButAllowOtherNesting() {
    assertError(
        "SET a = list_append(list_append(:l, :l), :l)",
        ph(":l", l(s("x"))),
        "Invalid UpdateExpression: The function is not allowed to be used this way in an expression;"
            + " function: list_append");
    assertThat(
            parse(
                    "SET a = list_append(if_not_exists(a, :l), :l), b = if_not_exists(b, if_not_exists(c, :l))",
                    ph(":l", l(s("x"))))
                .sets())
        .hasSize(2);
    assertThatThrownBy(() -> parse("SET a = _f(b)", ph())).hasMessageContaining("Syntax error");
  }

  @Test
  void shouldParseAllFourSections() {
    UpdateExpression u =
        parse(
            "SET a = :n, b = b + :n, c = if_not_exists(c, :n) - :n, d = list_append(d, :l)"
                + " REMOVE e[1], f.g ADD h :n DELETE i :ss",
            ph(":n", n(1), ":l", l(s("x")), ":ss", ss("y")));
    Operand.Literal one = new Operand.Literal(n(1));
    assertThat(u.sets())
        .containsExactly(
            new UpdateExpression.SetAction(Path.of("a"), one),
            new UpdateExpression.SetAction(Path.of("b"), new Operand.Plus(Path.of("b"), one)),
            new UpdateExpression.SetAction(
                Path.of("c"), new Operand.Minus(new Operand.IfNotExists(Path.of("c"), one), one)),
            new UpdateExpression.SetAction(
                Path.of("d"),
                new Operand.ListAppend(Path.of("d"), new Operand.Literal(l(s("x"))))));
    assertThat(u.removes())
        .containsExactly(
            new UpdateExpression.RemoveAction(Path.of("e").index(1)),
            new UpdateExpression.RemoveAction(Path.of("f").child("g")));
    assertThat(u.adds()).containsExactly(new UpdateExpression.AddAction(Path.of("h"), one));
    assertThat(u.deletes())
        .containsExactly(
            new UpdateExpression.DeleteAction(Path.of("i"), new Operand.Literal(ss("y"))));
  }

  @Test
  void shouldAcceptSectionsInAnyOrderAndCase() {
    UpdateExpression u = parse("remove a set b = :v", ph(":v", n(1)));
    assertThat(u.removes()).hasSize(1);
    assertThat(u.sets()).hasSize(1);
  }

  @Test
  void shouldRejectRepeatedSection() {
    assertError(
        "SET a = :v SET b = :v",
        ph(":v", n(1)),
        "Invalid UpdateExpression: The \"SET\" section can only be used once in an update expression;");
  }

  @Test
  void shouldRejectOverlappingPaths() {
    assertError(
        "SET a = :v REMOVE a.b",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
    assertError(
        "SET a = :v, a = :v",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]");
  }

  @Test
  void shouldRejectConflictingPaths() {
    assertError(
        "SET a.b = :v REMOVE a[1]",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [1]]");
  }

  @Test
  void shouldAllowDisjointIndexesOfOneList() {
    assertThat(parse("REMOVE a[1], a[3]", ph()).removes()).hasSize(2);
  }

  @Test
  void shouldRejectReservedWord() {
    assertError(
        "SET status = :v",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: status");
  }

  @Test
  void shouldRejectWrongOperandTypeForAddAndDelete() {
    assertError(
        "ADD a :v",
        ph(":v", s("x")),
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
    assertError(
        "DELETE a :v",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: DELETE, operand type: NUMBER");
  }

  @Test
  void shouldRejectFunctionsThatDoNotBelongInUpdates() {
    assertError(
        "SET a = size(b)",
        ph(),
        "Invalid UpdateExpression: The function is not allowed in an update expression; function: size");
    assertError(
        "SET a = foo(b)", ph(), "Invalid UpdateExpression: Invalid function name; function: foo");
    assertError(
        "SET a = if_not_exists(:v, :v)",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Operator or function requires a document path; operator or function: if_not_exists");
  }

  @Test
  void shouldRejectNonListLiteralInListAppend() {
    assertError(
        "SET a = list_append(a, :v)",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: N");
  }

  @Test
  void shouldReportSyntaxErrors() {
    assertError(
        "SET a = :v +",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \"+\"");
    assertError(
        "SET a = :v + :v + :v",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Syntax error; token: \"+\", near: \":v + :v\"");
    assertError(
        "UPSERT a = :v",
        ph(":v", n(1)),
        "Invalid UpdateExpression: Syntax error; token: \"UPSERT\", near: \"UPSERT a\"");
    assertError(
        "ADD a b", ph(), "Invalid UpdateExpression: Syntax error; token: \"b\", near: \"a b\"");
  }

  @Test
  void shouldRejectEmptyUpdate() {
    assertError("", ph(), "Invalid UpdateExpression: The expression can not be empty;");
  }

  @Test
  void shouldKeepTargetPathsInSectionOrder() {
    UpdateExpression u = parse("REMOVE r SET s = :v", ph(":v", n(1)));
    assertThat(u.targetPaths()).isEqualTo(List.of(Path.of("s"), Path.of("r")));
  }
}

package dev.tributary.engine.expression;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateApplierTest {
  private Map<String, AttributeValue> apply(
      Map<String, AttributeValue> item, String expression, Object... placeholders) {
    return UpdateApplier.apply(ExpressionParser.update(expression, ph(placeholders)), item).item();
  }

  @Test
  void shouldSetAndIncrement() {
    Map<String, AttributeValue> out =
        apply(item("n", n(5)), "SET n = n + :one, m = :one - n", ":one", n(1));
    assertThat(out).containsEntry("n", n(6)).containsEntry("m", n(-4));
  }

  @Test
  void shouldReadOperandsFromTheItemBeforeTheUpdate() {
    Map<String, AttributeValue> out = apply(item("a", n(1), "b", n(2)), "SET a = b, b = a");
    assertThat(out).containsEntry("a", n(2)).containsEntry("b", n(1));
  }

  @Test
  void shouldRejectArithmeticOnNonNumbers() {
    assertThatThrownBy(() -> apply(item("a", s("x")), "SET a = a + :one", ":one", n(1)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("An operand in the update expression has an incorrect data type");
  }

  @Test
  void shouldRejectNumberOverflowOnPlus() {
    assertThatThrownBy(() -> apply(item("a", n("9.9E+125")), "SET a = a + :v", ":v", n("9.9E+125")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Number overflow");
  }

  @Test
  void shouldRejectReadingMissingAttribute() {
    assertThatThrownBy(() -> apply(item(), "SET a = b"))
        .hasMessage(
            "The provided expression refers to an attribute that does not exist in the item");
  }

  @Test
  void shouldUseFallbackOnlyWhenAttributeMissing() {
    String expr = "SET a = if_not_exists(a, :zero) + :one";
    assertThat(apply(item(), expr, ":zero", n(0), ":one", n(1))).containsEntry("a", n(1));
    assertThat(apply(item("a", n(7)), expr, ":zero", n(0), ":one", n(1))).containsEntry("a", n(8));
  }

  @Test
  void shouldAppendLists() {
    Map<String, AttributeValue> out =
        apply(item("l", l(n(1))), "SET l = list_append(:front, l)", ":front", l(n(0)));
    assertThat(out).containsEntry("l", l(n(0), n(1)));
    assertThatThrownBy(() -> apply(item("l", s("x")), "SET l = list_append(l, :v)", ":v", l(n(1))))
        .hasMessage("An operand in the update expression has an incorrect data type");
  }

  @Test
  void shouldAppendWhenSettingIndexPastTheEnd() {
    Map<String, AttributeValue> out = apply(item("l", l(n(0), n(1))), "SET l[10] = :v", ":v", n(9));
    assertThat(out).containsEntry("l", l(n(0), n(1), n(9)));
  }

  @Test
  void shouldSetNestedMapAttributesAndRejectMissingParents() {
    Map<String, AttributeValue> out =
        apply(item("m", m(Map.of("a", n(1)))), "SET m.b = :v", ":v", n(2));
    assertThat(out).containsEntry("m", m(Map.of("a", n(1), "b", n(2))));
    assertThatThrownBy(() -> apply(item(), "SET m.b = :v", ":v", n(2)))
        .hasMessage("The document path provided in the update expression is invalid for update");
    assertThatThrownBy(() -> apply(item("m", s("x")), "SET m.b = :v", ":v", n(2)))
        .hasMessage("The document path provided in the update expression is invalid for update");
  }

  @Test
  void shouldRemoveSeveralIndexesOfOneListByOriginalPosition() {
    Map<String, AttributeValue> out =
        apply(item("l", l(s("a"), s("b"), s("c"), s("d"), s("e"))), "REMOVE l[1], l[3]");
    assertThat(out).containsEntry("l", l(s("a"), s("c"), s("e")));
  }

  @Test
  void shouldShiftElementsAfterRemovedIndex() {
    Map<String, AttributeValue> out = apply(item("l", l(s("a"), s("b"), s("c"))), "REMOVE l[0]");
    assertThat(out).containsEntry("l", l(s("b"), s("c")));
  }

  @Test
  void shouldIgnoreRemovingMissingLeavesButNotMissingParents() {
    Map<String, AttributeValue> out =
        apply(item("a", n(1), "m", m(Map.of()), "l", l(s("x"))), "REMOVE b, m.c, l[4]");
    assertThat(out).isEqualTo(Map.of("a", n(1), "m", m(Map.of()), "l", l(s("x"))));
    assertThatThrownBy(() -> apply(item("a", n(1)), "REMOVE x.c"))
        .hasMessage("The document path provided in the update expression is invalid for update");
  }

  @Test
  void shouldAddToNumbersStartingAtZero() {
    assertThat(apply(item(), "ADD c :v", ":v", n(3))).containsEntry("c", n(3));
    assertThat(apply(item("c", n(3)), "ADD c :v", ":v", n(-1))).containsEntry("c", n(2));
  }

  @Test
  void shouldAddToSetsCreatingThem() {
    assertThat(apply(item(), "ADD t :v", ":v", ss("a"))).containsEntry("t", ss("a"));
    assertThat(apply(item("t", ss("a")), "ADD t :v", ":v", ss("a", "b")))
        .containsEntry("t", ss("a", "b"));
    assertThatThrownBy(() -> apply(item("t", ns("1")), "ADD t :v", ":v", ss("a")))
        .hasMessage("An operand in the update expression has an incorrect data type");
  }

  @Test
  void shouldDeleteFromSetsAndRemoveEmptiedAttribute() {
    assertThat(apply(item("t", ss("a", "b")), "DELETE t :v", ":v", ss("a")))
        .containsEntry("t", ss("b"));
    assertThat(apply(item("t", ss("a")), "DELETE t :v", ":v", ss("a"))).doesNotContainKey("t");
    assertThat(apply(item(), "DELETE t :v", ":v", ss("a"))).isEmpty();
    assertThatThrownBy(() -> apply(item("t", n(1)), "DELETE t :v", ":v", ss("a")))
        .hasMessage("An operand in the update expression has an incorrect data type");
  }

  @Test
  void shouldRejectAddOfStringFromBuiltTree() {
    UpdateExpression u =
        new UpdateExpression(
            List.of(),
            List.of(),
            List.of(new UpdateExpression.AddAction(Path.of("a"), new Operand.Literal(s("x")))),
            List.of());
    assertThatThrownBy(() -> UpdateApplier.apply(u, item()))
        .hasMessage(
            "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
  }

  @Test
  void shouldReportUpdatedPathsAndLeaveInputUntouched() {
    Map<String, AttributeValue> before = item("a", n(1), "b", n(2));
    UpdateResult r = UpdateApplier.apply(Updates.set("a", n(5)).remove("b").build(), before);
    assertThat(r.updatedPaths()).containsExactly(Path.of("a"), Path.of("b"));
    assertThat(r.item()).isEqualTo(Map.of("a", n(5)));
    assertThat(before).containsEntry("b", n(2));
  }

  @Test
  void shouldRejectRemovingInsideAScalar() {
    assertThatThrownBy(() -> apply(item("a", n(1)), "REMOVE a.c"))
        .hasMessage("The document path provided in the update expression is invalid for update");
  }
}

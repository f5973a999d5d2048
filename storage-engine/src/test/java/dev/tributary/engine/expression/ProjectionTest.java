package dev.tributary.engine.expression;

import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.engine.expression.Fixtures.item;
import static dev.tributary.engine.expression.Fixtures.ph;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionTest {
  private final Map<String, AttributeValue> item =
      item(
          "id", s("1"),
          "a", m(Map.of("b", n(1), "c", n(2))),
          "list", l(s("x"), s("y"), s("z"), m(Map.of("k", s("v"), "w", s("u")))));

  @Test
  void shouldParseProjectionPaths() {
    ProjectionExpression p = ExpressionParser.projection("id, a.b, #l[3].k", ph("#l", "list"));
    assertThat(p.paths())
        .containsExactly(
            Path.of("id"), Path.of("a").child("b"), Path.of("list").index(3).child("k"));
  }

  @Test
  void shouldRejectOverlappingProjectionPaths() {
    assertThatThrownBy(() -> ExpressionParser.projection("a, a.b", ph()))
        .hasMessage(
            "Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]");
  }

  @Test
  void shouldRejectReservedWordInProjection() {
    assertThatThrownBy(() -> ExpressionParser.projection("id, name", ph()))
        .hasMessage(
            "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name");
  }

  @Test
  void shouldKeepNestedStructure() {
    assertThat(Projections.apply(Projection.of("a.c"), item))
        .isEqualTo(Map.of("a", m(Map.of("c", n(2)))));
  }

  @Test
  void shouldCompactListElementsInIndexOrder() {
    assertThat(Projections.apply(Projection.of("list[2]", "list[0]"), item))
        .isEqualTo(Map.of("list", l(s("x"), s("z"))));
    assertThat(Projections.apply(Projection.of("list[3].w"), item))
        .isEqualTo(Map.of("list", l(m(Map.of("w", s("u"))))));
  }

  @Test
  void shouldOmitMissingPaths() {
    assertThat(Projections.apply(Projection.of("nope", "a.zz", "list[9]", "id.x", "id"), item))
        .isEqualTo(Map.of("id", s("1")));
  }

  @Test
  void shouldReturnWholeValueWhenAlsoProjectedPartially() {
    assertThat(Projections.apply(List.of(Path.document("a.b"), Path.of("a")), item))
        .isEqualTo(Map.of("a", item.get("a")));
  }
}

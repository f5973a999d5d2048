package dev.tributary.core;

import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One parser for the pipelines' filters and the handlers' {@code to-attribute}. */
class AttributePathTest {
  @Test
  void shouldWalkMapsAndListsOfAnImage() {
    Map<String, AttributeValue> item =
        Map.of("contacts", l(List.of(m(Map.of("email", s("a@example.com"))))), "status", s("NEW"));
    assertThat(AttributePath.parse("contacts[0].email").resolve(item)).contains(s("a@example.com"));
    assertThat(AttributePath.parse("contacts[0].email").segments())
        .containsExactly("contacts", 0, "email");
    assertThat(AttributePath.parse("contacts[1].email").resolve(item)).isEmpty();
    assertThat(AttributePath.parse("status.inner").resolve(item)).isEmpty();
    assertThat(AttributePath.parse("status")).isEqualTo(AttributePath.parse("status"));
  }

  /** Where the two former parsers disagreed, the stricter reading stays. */
  @Test
  void shouldRejectWhatEitherFormerParserRejected() {
    assertThatThrownBy(() -> AttributePath.parse(" "))
        .hasMessage("attribute path must not be blank");
    assertThatThrownBy(() -> AttributePath.parse("a[+1]"))
        .hasMessage("attribute path 'a[+1]' has a list index that is not a non-negative integer");
    assertThatThrownBy(() -> AttributePath.parse("a[99999999999]"))
        .hasMessage(
            "attribute path 'a[99999999999]' has a list index that is not a non-negative integer");
    assertThatThrownBy(() -> AttributePath.parse("a]b"))
        .hasMessage("attribute path 'a]b' has a ']' outside a list index");
    assertThatThrownBy(() -> AttributePath.parse("[0]"))
        .hasMessage("attribute path '[0]' has an empty attribute name");
    assertThatThrownBy(() -> AttributePath.parse("a[0]b"))
        .hasMessage("attribute path 'a[0]b' has text after ']'");
  }
}

package dev.tributary.handlers.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IndexBodyTest {
  @Test
  void shouldRaiseGcDeletesUnlessTheBodySetsIt() {
    assertThat(
            IndexBody.withGcDeletes(IndexBody.parse(IndexBody.defaultBody()), Duration.ofHours(1)))
        .contains("\"settings\":{\"index\":{\"gc_deletes\":\"3600000ms\"}}")
        .contains("date_detection");
    assertThat(
            IndexBody.withGcDeletes(
                IndexBody.parse("{\"settings\":{\"index.gc_deletes\":\"5m\"}}"),
                Duration.ofHours(1)))
        .isEqualTo("{\"settings\":{\"index.gc_deletes\":\"5m\"}}");
    assertThat(
            IndexBody.withGcDeletes(
                IndexBody.parse("{\"settings\":{\"index\":{\"gc_deletes\":\"5m\"}}}"),
                Duration.ofHours(1)))
        .doesNotContain("3600000ms");
  }

  @Test
  void shouldRejectBodiesThatAreNoJsonObjects() {
    assertThatThrownBy(() -> IndexBody.parse("[1]")).hasMessageContaining("JSON object");
    assertThatThrownBy(() -> IndexBody.parse("{nope")).hasMessageContaining("not JSON");
    assertThatThrownBy(
            () -> IndexBody.withGcDeletes(IndexBody.parse("{\"settings\":3}"), Duration.ofHours(1)))
        .hasMessageContaining("'settings'");
  }
}

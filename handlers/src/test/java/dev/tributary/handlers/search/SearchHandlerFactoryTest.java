package dev.tributary.handlers.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.handler.Handlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchHandlerFactoryTest {
  @Test
  void shouldBeFoundByItsTypeName() {
    assertThat(Handlers.factories()).containsKey("search");
    assertThat(Handlers.create("search", Map.of("url", "http://localhost:9200")))
        .isInstanceOf(SearchHandler.class);
  }

  @Test
  void shouldAcceptNestedAndFlatKeys() {
    var h =
        new SearchHandlerFactory()
            .create(
                Map.of(
                    "url", List.of("http://a:9200", "http://b:9200"),
                    "index",
                        Map.of(
                            "name",
                            "cdc-{table}",
                            "gc-deletes",
                            "2h",
                            "by-table",
                            Map.of("Orders", "orders")),
                    "id.template", "{pk}",
                    "retry",
                        Map.of("max-attempts", 3, "initial-backoff", "10ms", "max-backoff", "1s"),
                    "timeout.request", "PT30S"));
    assertThat(h.idempotent()).isTrue();
  }

  @Test
  void shouldRejectUnknownKeysNamingThem() {
    assertThatThrownBy(
            () ->
                new SearchHandlerFactory()
                    .create(Map.of("url", "http://a", "index", Map.of("nmae", "x"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'index.nmae'")
        .hasMessageContaining("index.name");
  }

  @Test
  void shouldRejectBadValuesNamingTheKey() {
    assertThatThrownBy(() -> new SearchHandlerFactory().create(Map.of()))
        .hasMessageContaining("'url'");
    assertThatThrownBy(
            () ->
                new SearchHandlerFactory()
                    .create(Map.of("url", "http://a", "index.gc-deletes", "soon")))
        .hasMessageContaining("'index.gc-deletes'");
    assertThatThrownBy(
            () ->
                new SearchHandlerFactory()
                    .create(Map.of("url", "http://a", "retry.max-attempts", 0)))
        .hasMessageContaining("retry");
    assertThatThrownBy(
            () -> new SearchHandlerFactory().create(Map.of("url", "http://a", "username", "u")))
        .hasMessageContaining("'username' and 'password'");
    assertThatThrownBy(() -> new SearchHandlerFactory().create(Map.of("url", "ftp://a")))
        .hasMessageContaining("ftp://a");
  }

  /** docs/search-handler.md: durations are 250ms, 5s, 2m, 24h, 1d or ISO-8601, as everywhere. */
  @Test
  void shouldReadDurationsAsTheRestOfTheConfiguration() {
    assertThat(
            new SearchHandlerFactory()
                .create(Map.of("url", "http://a", "timeout.request", "5 S"))
                .idempotent())
        .isTrue();
    assertThatThrownBy(
            () ->
                new SearchHandlerFactory()
                    .create(Map.of("url", "http://a", "timeout.request", 500)))
        .hasMessageContaining("'timeout.request' must be a duration");
    assertThatThrownBy(
            () ->
                new SearchHandlerFactory()
                    .create(Map.of("url", "http://a", "timeout.request", "500")))
        .hasMessageContaining("'timeout.request' must be a duration like");
    assertThatThrownBy(
            () ->
                new SearchHandlerFactory()
                    .create(Map.of("url", "http://a", "retry.max-backoff", "-5s")))
        .hasMessageContaining("'retry.max-backoff' must be a duration like");
  }

  @Test
  void shouldDeclareEveryKeyWithTypeDefaultAndDoc() {
    assertThat(SearchHandlerFactory.keys())
        .extracting(SearchHandlerFactory.Key::name)
        .contains(
            "url",
            "index.name",
            "index.body",
            "index.gc-deletes",
            "id.template",
            "retry.max-attempts");
    assertThat(SearchHandlerFactory.keys()).allSatisfy(k -> assertThat(k.doc()).isNotBlank());
  }

  @Test
  void shouldRejectBadBuilderValuesAtOnce() {
    assertThatThrownBy(() -> SearchHandler.builder().gcDeletes(Duration.ZERO))
        .hasMessageContaining("gcDeletes");
    assertThatThrownBy(() -> SearchHandler.builder().indexTemplate("Upper"))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> SearchHandler.builder().idTemplate("fixed"))
        .hasMessageContaining("id template");
    assertThatThrownBy(() -> SearchHandler.builder().indexBody("[]"))
        .hasMessageContaining("JSON object");
    assertThatThrownBy(() -> SearchHandler.builder().build()).hasMessageContaining("url");
    assertThatThrownBy(() -> SearchHandler.builder().url("localhost:9200"))
        .hasMessageContaining("localhost:9200");
  }
}

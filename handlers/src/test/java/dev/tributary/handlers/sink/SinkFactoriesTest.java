package dev.tributary.handlers.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkFactoriesTest {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");
  private final ObjectMapper mapper = new ObjectMapper();

  static HandlerFactory factory(String type) {
    for (HandlerFactory f : ServiceLoader.load(HandlerFactory.class)) {
      if (f.type().equals(type)) {
        return f;
      }
    }
    throw new AssertionError("no factory for type " + type);
  }

  private static List<ChangeEvent> events() {
    return List.of(
        TestEvents.insert("Orders", 1, AT, "o-1", "a@example.com"),
        TestEvents.modify("Orders", 2, AT, "o-1", "PLACED", "SHIPPED"));
  }

  @Test
  void shouldFindEverySinkTypeByServiceLoader() {
    for (String type : List.of("stdout", "log", "file", "webhook", "kafka")) {
      assertThat(factory(type).type()).isEqualTo(type);
    }
  }

  @Test
  void shouldWriteOneCompactJsonLinePerEventOrPrettyJson() throws Exception {
    List<String> lines = new ArrayList<>();
    LineSink.to(lines::add, false).handle(events(), TestEvents.context(1));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .doesNotContain("\n")
        .isEqualTo(ChangeEventJson.toJson(events().get(0)));
    assertThat(mapper.readTree(lines.get(1)).get("eventName").asText()).isEqualTo("MODIFY");

    List<String> pretty = new ArrayList<>();
    LineSink.to(pretty::add, true).handle(events(), TestEvents.context(1));
    assertThat(pretty.get(0)).contains("\n");
    assertThat(mapper.readTree(pretty.get(0))).isEqualTo(mapper.readTree(lines.get(0)));
  }

  @Test
  void shouldAppendJsonLinesToAFileAcrossReopens(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/events.jsonl");
    Map<String, Object> cfg = Map.of("path", file.toString(), "fsync", "batch");
    try (ChangeHandler h = factory("file").create(cfg)) {
      h.open(null);
      h.handle(events(), TestEvents.context(1));
    }
    try (ChangeHandler h = factory("file").create(cfg)) {
      h.handle(events().subList(0, 1), TestEvents.context(1));
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(3);
    List<String> ids = new ArrayList<>();
    for (String l : lines) {
      JsonNode n = mapper.readTree(l);
      ids.add(n.get("eventID").asText());
    }
    assertThat(ids)
        .containsExactly(
            events().get(0).eventId(), events().get(1).eventId(), events().get(0).eventId());
  }

  @Test
  void shouldRotateTheFileWhenItWouldPassTheSize(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("events.jsonl");
    int lineBytes =
        (ChangeEventJson.toJson(events().get(0)) + "\n").getBytes(StandardCharsets.UTF_8).length;
    try (ChangeHandler h =
        factory("file")
            .create(
                Map.of("path", file.toString(), "rotate", Map.of("max-bytes", lineBytes + 10)))) {
      h.handle(events(), TestEvents.context(1));
      h.handle(events().subList(0, 1), TestEvents.context(1));
    }
    assertThat(Files.readAllLines(dir.resolve("events.jsonl.1"))).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("events.jsonl.2"))).hasSize(1);
    assertThat(Files.readAllLines(file)).hasSize(1);
  }

  @Test
  void shouldNameTheBadKey() {
    assertThatThrownBy(() -> factory("file").create(Map.of("path", "x", "fsync", "sometimes")))
        .hasMessageContaining("file handler: key 'fsync'");
    assertThatThrownBy(() -> factory("file").create(Map.of("path", " ")))
        .hasMessageContaining("file handler: key 'path' must not be blank");
    assertThatThrownBy(() -> factory("stdout").create(Map.of("pretty", "yes")))
        .hasMessageContaining("stdout handler: key 'pretty'");
    assertThatThrownBy(() -> factory("webhook").create(Map.of("url", "ftp://x")))
        .hasMessageContaining("webhook handler: key 'url'")
        .hasMessageContaining("http://");
    assertThatThrownBy(
            () ->
                factory("webhook")
                    .create(Map.of("url", "http://x", "retry", Map.of("max-attempts", 0))))
        .hasMessageContaining("webhook handler: key 'retry.max-attempts'");
    Map<String, Object> badHeader = new HashMap<>(Map.of("url", "http://x"));
    badHeader.put("headers", Map.of("Bad Name", "v"));
    assertThatThrownBy(() -> factory("webhook").create(badHeader))
        .hasMessageContaining("webhook handler: key 'headers.Bad Name'");
    assertThatThrownBy(() -> factory("webhook").create(Map.of("url", "http://x", "secrets", "s")))
        .hasMessageContaining("unknown configuration key")
        .hasMessageContaining("secrets");
  }

  @Test
  void shouldResolveThePathKeyRelativeToTheConfigFile() {
    assertThat(factory("file").pathKeys()).containsExactly("path");
  }
}

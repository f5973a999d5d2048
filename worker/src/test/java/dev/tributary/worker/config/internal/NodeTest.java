package dev.tributary.worker.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ConfigKey;
import dev.tributary.worker.config.ConfigException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The worker's YAML values are checked by the same code as a handler's ({@link ConfigKey#parse}),
 * each worded its own way: the worker's problems keep their words, a handler's keep ConfigKey's.
 */
class NodeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ConfigKey<Integer> SIZE = ConfigKey.integer("size", "d", 1, 10);
  private static final ConfigKey<Duration> WAIT = ConfigKey.duration("wait", "d");
  private static final ConfigKey<Boolean> ON = ConfigKey.bool("on", "d");
  private static final ConfigKey<Double> RATE = ConfigKey.number("rate", "d");
  private static final ConfigKey<String> MODE = ConfigKey.choice("mode", "d", "fast", "SLOW");

  @Test
  void shouldWordTheWorkersProblemsItsWay() throws IOException {
    assertEquals(List.of("size: must be a whole number, was 'ten'"), problems(SIZE, "\"ten\""));
    assertEquals(List.of("size: must be 1-10, was 0"), problems(SIZE, "0"));
    assertEquals(List.of("size: must be a whole number, was '2.5'"), problems(SIZE, "2.5"));
    assertEquals(
        List.of("wait: '500' is not a duration; write e.g. 250ms, 30s, 5m, 2h, 1d or PT30S"),
        problems(WAIT, "\"500\""));
    assertEquals(List.of("wait: must be a single value, not a list"), problems(WAIT, "[1]"));
    assertEquals(List.of("on: must be true or false, was 'yes'"), problems(ON, "\"yes\""));
    assertEquals(List.of("rate: must be a number, was 'x'"), problems(RATE, "\"x\""));
    assertEquals(
        List.of("mode: must be one of [fast, SLOW], was 'medium'"), problems(MODE, "\"medium\""));
  }

  @Test
  void shouldReadGoodValuesAsTheirKeysDo() throws IOException {
    assertEquals(Optional.of(7), read(SIZE, "\" 7 \""), "a number from ${VAR} is text");
    assertEquals(Optional.of(Duration.ofMillis(250)), read(WAIT, "\"250ms\""));
    assertEquals(Optional.of(true), read(ON, "\"TRUE\""));
    assertEquals(Optional.of(1.5), read(RATE, "1.5"));
    assertEquals(Optional.of("SLOW"), read(MODE, "\"slow\""));
    assertEquals(Optional.empty(), read(SIZE, "null"));
  }

  @Test
  void shouldKeepConfigKeysOwnWordsForHandlers() {
    assertEquals(
        "must be an integer, was 'ten'",
        assertThrows(IllegalArgumentException.class, () -> SIZE.parse("ten")).getMessage());
    assertEquals(
        "must be between 1 and 10, was 0",
        assertThrows(IllegalArgumentException.class, () -> SIZE.parse(0)).getMessage());
    assertEquals(
        "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, was '500'",
        assertThrows(IllegalArgumentException.class, () -> WAIT.parse("500")).getMessage());
  }

  private static <T> Optional<T> read(ConfigKey<T> key, String json) throws IOException {
    Problems problems = new Problems("t.yaml", null);
    Optional<T> v =
        Node.root(JSON.readTree("{\"" + key.name() + "\": " + json + "}"), problems).value(key);
    assertEquals(0, problems.count(), json);
    return v;
  }

  private static List<String> problems(ConfigKey<?> key, String json) throws IOException {
    Problems problems = new Problems("t.yaml", null);
    Optional<?> v =
        Node.root(JSON.readTree("{\"" + key.name() + "\": " + json + "}"), problems).value(key);
    assertEquals(Optional.empty(), v);
    try {
      problems.throwIfAny();
      return List.of();
    } catch (ConfigException e) {
      return e.problems().stream().map(p -> p.field() + ": " + p.message()).toList();
    }
  }
}

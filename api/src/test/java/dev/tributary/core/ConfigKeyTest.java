package dev.tributary.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigKeyTest {
  enum Mode {
    AT_LEAST_ONCE,
    EXACTLY_ONCE
  }

  @Test
  void shouldDescribeItsKindBoundsAndChoices() {
    ConfigKey<Integer> port = ConfigKey.integer("port", "the port", 0, 65_535).withDefault(9464);
    assertEquals(ConfigKey.Kind.INTEGER, port.kind());
    assertEquals(0, port.min());
    assertEquals(65_535, port.max());
    assertEquals(Optional.of("9464"), port.defaultText());
    ConfigKey<Mode> mode = ConfigKey.oneOf("mode", "the mode", Mode.class);
    assertEquals(List.of("at-least-once", "exactly-once"), mode.choices());
    assertEquals(Mode.EXACTLY_ONCE, mode.parse("exactly-once"));
  }

  @Test
  void shouldReadAChoiceInAnyCaseAsWritten() {
    ConfigKey<String> level = ConfigKey.choice("level", "log level", "INFO", "WARN");
    assertEquals("WARN", level.parse("warn"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> level.parse("loud"));
    assertEquals("must be one of [INFO, WARN], was 'loud'", e.getMessage());
  }

  @Test
  void shouldDocumentDefaultsAsConfigurationWritesThem() {
    assertEquals(
        Optional.of("30s"),
        ConfigKey.duration("t", "d").withDefault(Duration.ofSeconds(30)).defaultText());
    assertEquals(
        Optional.of("250ms"),
        ConfigKey.duration("t", "d").withDefault(Duration.ofMillis(250)).defaultText());
    assertEquals(
        Optional.of("5m"),
        ConfigKey.duration("t", "d").withDefault(Duration.ofMinutes(5)).defaultText());
    assertEquals(
        Optional.of("random"), ConfigKey.string("id", "d").withDefaultDoc("random").defaultText());
    assertEquals(Optional.empty(), ConfigKey.string("id", "d").defaultText());
    assertEquals(
        Optional.of("exactly-once"),
        ConfigKey.oneOf("mode", "d", Mode.class).withDefault(Mode.EXACTLY_ONCE).defaultText());
  }

  @Test
  void shouldRejectValuesOfTheWrongShape() {
    assertThrows(IllegalArgumentException.class, () -> ConfigKey.duration("t", "d").parse("500"));
    assertThrows(IllegalArgumentException.class, () -> ConfigKey.map("m", "d").parse("x"));
    assertEquals(List.of("a"), ConfigKey.list("l", "d").parse("a"));
  }
}

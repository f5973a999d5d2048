package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigDurationTest {
  @Test
  void shouldReadTheDocumentedForms() {
    assertThat(ConfigDuration.parse("250ms")).contains(Duration.ofMillis(250));
    assertThat(ConfigDuration.parse("30s")).contains(Duration.ofSeconds(30));
    assertThat(ConfigDuration.parse("5m")).contains(Duration.ofMinutes(5));
    assertThat(ConfigDuration.parse("2h")).contains(Duration.ofHours(2));
    assertThat(ConfigDuration.parse("1d")).contains(Duration.ofDays(1));
    assertThat(ConfigDuration.parse("PT30S")).contains(Duration.ofSeconds(30));
    assertThat(ConfigDuration.parse(" 5 s ")).contains(Duration.ofSeconds(5));
    assertThat(ConfigDuration.parse("5S")).contains(Duration.ofSeconds(5));
  }

  /** The documented forms only: a bare number or a negative short form is no duration. */
  @Test
  void shouldRejectBareNumbersNegativesAndUnknownUnits() {
    assertThat(ConfigDuration.parse("500")).isEmpty();
    assertThat(ConfigDuration.parse("-5s")).isEmpty();
    assertThat(ConfigDuration.parse("5w")).isEmpty();
    assertThat(ConfigDuration.parse("")).isEmpty();
    assertThat(ConfigDuration.parse("99999999999999999999s")).isEmpty();
  }
}

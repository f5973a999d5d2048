package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingChecksTest {
  @Test
  void shouldRejectAZeroOrNegativeDurationNamingIt() {
    assertThat(SettingChecks.positive(Duration.ofMillis(1), "timeout"))
        .isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> SettingChecks.positive(Duration.ZERO, "timeout"))
        .hasMessage("timeout must be positive, was PT0S");
    assertThatThrownBy(() -> SettingChecks.positive(Duration.ofSeconds(-5), "gcDeletes"))
        .hasMessage("gcDeletes must be positive, was PT-5S");
    assertThatThrownBy(() -> SettingChecks.positive(null, "timeout")).hasMessage("timeout");
  }

  @Test
  void shouldWordEveryPortCheckAlike() {
    assertThat(SettingChecks.port(65535, "port")).isEqualTo(65535);
    assertThat(SettingChecks.listenPort(0, "port")).isZero();
    assertThatThrownBy(() -> SettingChecks.port(0, "smtp port"))
        .hasMessage("smtp port must be 1..65535, was 0");
    assertThatThrownBy(() -> SettingChecks.listenPort(65536, "port"))
        .hasMessage("port must be 0..65535, was 65536");
    assertThatThrownBy(() -> SettingChecks.listenPort(-1, "port"))
        .hasMessage("port must be 0..65535, was -1");
  }

  @Test
  void shouldRejectCountsBelowTheLeast() {
    assertThat(SettingChecks.atLeast(3, 1, "maxAttempts")).isEqualTo(3);
    assertThatThrownBy(() -> SettingChecks.atLeast(0L, 1L, "batchSize"))
        .hasMessage("batchSize must be at least 1, was 0");
  }
}

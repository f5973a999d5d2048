package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.http.ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine's builders word their checks as every other builder does (core's SettingChecks). */
class OptionsChecksTest {
  @Test
  void shouldRejectANonPositiveDurationNamingIt() {
    EngineOptions.Builder b = EngineOptions.builder(Path.of("unused"));
    assertThatThrownBy(() -> b.retainChangesFor(Duration.ZERO))
        .hasMessage("changeLogRetention must be positive, was PT0S");
    assertThatThrownBy(() -> b.ttlSweepInterval(Duration.ofSeconds(-1)))
        .hasMessage("ttlSweepInterval must be positive, was PT-1S");
  }

  @Test
  void shouldRejectAPortOutsideTheRange() {
    assertThatThrownBy(() -> ServerOptions.builder().port(65536))
        .hasMessage("port must be 0..65535, was 65536");
    assertThatThrownBy(() -> ServerOptions.builder().port(-1))
        .hasMessage("port must be 0..65535, was -1");
  }
}

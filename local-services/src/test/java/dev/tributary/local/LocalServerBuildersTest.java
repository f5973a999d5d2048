package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every local server's builder rejects a bad port or start timeout at once, in the same words. */
class LocalServerBuildersTest {
  @Test
  void shouldRejectAPortOutsideTheTcpRange() {
    assertThatThrownBy(() -> LocalSmtp.builder().port(65536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be 0..65535, was 65536");
    assertThatThrownBy(() -> LocalS3.builder().port(-1))
        .hasMessage("port must be 0..65535, was -1");
    assertThatThrownBy(() -> LocalPostgres.builder().port(70000))
        .hasMessage("port must be 0..65535, was 70000");
    assertThatThrownBy(() -> LocalMariaDb.builder().port(-2))
        .hasMessage("port must be 0..65535, was -2");
    assertThatThrownBy(() -> LocalOpenSearch.builder().port(65536))
        .hasMessage("port must be 0..65535, was 65536");
  }

  @Test
  void shouldRejectAStartTimeoutThatIsNotPositive() {
    assertThatThrownBy(() -> LocalSmtp.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("startTimeout must be positive, was PT0S");
    assertThatThrownBy(() -> LocalOpenSearch.builder().startTimeout(Duration.ofSeconds(-5)))
        .hasMessage("startTimeout must be positive, was PT-5S");
    assertThatThrownBy(() -> LocalPostgres.builder().startTimeout(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timeout");
  }
}

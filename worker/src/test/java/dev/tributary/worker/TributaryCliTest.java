package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TributaryCliTest {
  @Test
  void shouldAnswerBadInputWithOneLineAndExitCodeTwo() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = TributaryCli.run("no-such-command");
    } finally {
      System.setErr(original);
    }
    assertThat(code).isEqualTo(2);
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(text.lines()).hasSize(1);
    assertThat(text).startsWith("tributary: ").contains("no-such-command");
  }

  @Test
  void shouldNameAMissingConfigurationFileWithItsAbsolutePath() {
    CliErrorsTest.Run r =
        CliErrorsTest.run("worker", "--config", "no-such-dir/tributary.yaml", "--check");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo(
            "tributary: no-such-dir/tributary.yaml: cannot be read: no such file"
                + " (looked for "
                + Path.of("no-such-dir/tributary.yaml").toAbsolutePath()
                + ")");
  }

  @Test
  void shouldPrintVersion() {
    assertThat(TributaryCli.run("--version")).isZero();
  }
}

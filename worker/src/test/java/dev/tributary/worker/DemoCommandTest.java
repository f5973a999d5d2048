package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  private static String[] run(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = TributaryCli.run(args);
      return new String[] {String.valueOf(code), err.toString(StandardCharsets.UTF_8).strip()};
    } finally {
      System.setErr(original);
    }
  }

  @Test
  void shouldRefuseABadOrderCountWithOneLineAndExitCodeTwo() {
    String[] r = run("demo", "--orders", "0", "--data-dir", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).isEqualTo("tributary demo: --orders must be 1..10000, was 0");
  }

  @Test
  void shouldRefuseADataDirectoryItDidNotMakeWithoutTouchingIt() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "mine");
    String[] r = run("demo", "--data-dir", dir.toString());
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1].lines()).hasSize(1);
    assertThat(r[1])
        .startsWith("tributary demo: data directory ")
        .contains("was not made by the demo");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("notes.txt"));
    }
  }

  @Test
  void shouldDescribeItsOptions() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(TributaryCli.run("demo", "--help")).isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("--orders=N", "--keep-running", "--data-dir=DIR");
  }
}

package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Errors a user meets first, each one line on stderr that names the problem and what to do: a taken
 * port with its setting and line, no broker for the inspecting commands within seconds, and {@code
 * worker --check} leaving the disk as it found it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CliErrorsTest {
  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path config(String yaml) throws IOException {
    Path f = dir.resolve("tributary.yaml");
    Files.writeString(
        f,
        yaml
            + """
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              h: {type: test-ledger, config: {path: ledger.txt}, route: always}
        """);
    return f;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void assertOneLine(Run r, int code, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(code);
    assertThat(r.err().strip().lines())
        .as(r.err())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l).startsWith("tributary: ");
              for (String p : parts) {
                assertThat(l).contains(p);
              }
            });
  }

  @Test
  void shouldNameATakenPortAndItsSettingBeforeStartingAnything() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("0.0.0.0", 0));
      int port = taken.getLocalPort();
      Path kafka =
          config("worker: {http: {enabled: false}}\nkafka:\n  embedded: {port: " + port + "}\n");
      assertOneLine(
          run("worker", "--config", kafka.toString()),
          2,
          kafka
              + ":3:14: kafka.embedded.port: "
              + port
              + " is already in use; choose another port");
      assertThat(dir.resolve("data")).doesNotExist(); // the broker never started

      Path http = config("worker:\n  http: {port: " + port + "}\n");
      assertOneLine(
          run("worker", "--config", http.toString()),
          2,
          http + ":2:10: worker.http.port: " + port + " is already in use",
          "stop the process using it");

      Path engine =
          config(
              """
          worker: {http: {enabled: false}}
          engine:
            embedded:
              endpoint: {port: %d, allow-any-credentials: true}
          """
                  .formatted(port));
      assertOneLine(
          run("worker", "--config", engine.toString()),
          2,
          engine + ":4:16: engine.embedded.endpoint.port: " + port + " is already in use");
      assertThat(dir.resolve("data")).doesNotExist();

      assertOneLine(
          run(
              "engine",
              "--port",
              String.valueOf(port),
              "--data-dir",
              dir.resolve("e").toString(),
              "--allow-any-credentials"),
          2,
          "--port " + port + " (on 127.0.0.1) is already in use");
      assertThat(dir.resolve("e")).doesNotExist();
    }
  }

  @Test
  void shouldSayWithinSecondsThatNoBrokerListens() throws Exception {
    int port = freePort();
    Path file = config("kafka:\n  embedded: {port: " + port + "}\n");
    for (List<String> args :
        List.of(
            List.of("lanes", "--config", file.toString()),
            List.of("tail", "--config", file.toString(), "--table", "Orders"),
            List.of("dlq", "list", "--config", file.toString()))) {
      long t0 = System.nanoTime();
      Run r = run(args.toArray(String[]::new));
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertOneLine(
          r,
          1,
          "no Kafka broker at 127.0.0.1:" + port + " (kafka.embedded.port in " + file + ")",
          "is the worker running?");
      assertThat(millis).as(String.join(" ", args)).isLessThan(5_000);
    }
    assertOneLine(
        run("lanes", "--config", file.toString(), "--bootstrap-servers", "127.0.0.1:" + port),
        1,
        "no Kafka broker at 127.0.0.1:" + port + " (--bootstrap-servers)");
  }

  @Test
  void checkShouldWriteNothing() throws Exception {
    Path file = dir.resolve("tributary.yaml");
    // the order-stream example: an email ledger, engine and Kafka data directories, all relative
    Files.copy(
        Path.of(
            System.getProperty("basedir", "."), "..", "examples", "order-stream", "tributary.yaml"),
        file);
    Run r = run("worker", "--config", file.toString(), "--check");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(": OK, 1 pipeline(s)");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files).containsExactlyInAnyOrder(dir, file);
    }
  }
}

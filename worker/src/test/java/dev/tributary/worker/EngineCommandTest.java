package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PipedReader;
import java.io.PipedWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EngineCommandTest {
  @TempDir Path dir;

  private static String runExpectingError(String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertThat(TributaryCli.run(args)).isEqualTo(2);
    } finally {
      System.setErr(original);
    }
    String text = err.toString(StandardCharsets.UTF_8).strip();
    assertThat(text.lines()).hasSize(1);
    return text;
  }

  @Test
  void shouldRejectBadOptionsWithOneLineAndExitCodeTwo() {
    String d = dir.toString();
    assertThat(runExpectingError("engine", "--data-dir", d, "--credentials", "nosecret"))
        .startsWith("tributary: ")
        .contains("KEY:SECRET");
    assertThat(
            runExpectingError(
                "engine", "--data-dir", d, "--port", "70000", "--allow-any-credentials"))
        .contains("port");
    assertThat(runExpectingError("engine", "--data-dir", d)).contains("--allow-any-credentials");
    assertThat(runExpectingError("engine", "--port", "1")).contains("--data-dir");
    assertThat(
            runExpectingError(
                "engine", "--data-dir", d, "--credentials-file", dir.resolve("none").toString()))
        .contains("cannot be read");
  }

  @Test
  void shouldReadCredentialsFromAFile() throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "# local keys\nAKID1:secret1\n\nbad-line\n");
    assertThat(
            runExpectingError(
                "engine", "--data-dir", dir.toString(), "--credentials-file", file.toString()))
        .contains("'bad-line'");
  }

  @Test
  void shouldPrintOneUrlLineServeAndStop() throws Exception {
    CommandLine cli = TributaryCli.commandLine();
    PipedReader pipe = new PipedReader();
    cli.setOut(new PrintWriter(new PipedWriter(pipe), true));
    EngineCommand engine = cli.getSubcommands().get("engine").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "engine",
                    "--port",
                    "0",
                    "--data-dir",
                    dir.toString(),
                    "--credentials",
                    "AKID:secret",
                    "--no-sync"));
    BufferedReader out = new BufferedReader(pipe);
    String line = out.readLine();
    assertThat(line).matches("Tributary engine listening on http://127\\.0\\.0\\.1:\\d+");
    URI endpoint = URI.create(line.substring(line.indexOf("http")));
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(endpoint)
                    .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    // --credentials turns on SigV4 verification: an unsigned request is refused in DynamoDB's words
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("MissingAuthenticationTokenException");
    engine.stop.countDown();
    assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
  }
}

package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chapter's Python snippets (boto3) and the AWS CLI, run unchanged against the server with
 * SigV4 verification on. The test command installs Debian's python3-boto3 and awscli.
 */
class PythonClientsIT extends WireTestBase {
  private static final Path SCRIPTS = Path.of("src/test/python");

  private static String python() {
    // Debian's interpreter: the one python3-boto3 installs into.
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    pb.environment().put("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("finished").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit code of %s; output:%n%s", command, text).isZero();
    return text;
  }

  @Test
  void shouldRunTheChaptersBoto3SnippetsUnchanged() throws Exception {
    String out =
        run(
            List.of(
                python(),
                SCRIPTS.resolve("chapter_snippets.py").toString(),
                server.endpoint().toString(),
                "--access-key",
                ACCESS_KEY,
                "--secret-key",
                SECRET_KEY));
    assertThat(out).doesNotContain("FAIL");
    assertThat(out.lines().filter(l -> l.startsWith("PASS")).count()).isGreaterThanOrEqualTo(10);
  }

  @Test
  void shouldServePartiqlToBoto3IncludingAStreamConsumer() throws Exception {
    String out =
        run(
            List.of(
                python(),
                SCRIPTS.resolve("partiql_boto3.py").toString(),
                server.endpoint().toString(),
                "--access-key",
                ACCESS_KEY,
                "--secret-key",
                SECRET_KEY));
    assertThat(out).doesNotContain("FAIL");
    assertThat(out.lines().filter(l -> l.startsWith("PASS")).count()).isEqualTo(5);
  }

  @Test
  void shouldServeTheAwsCli() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "bash",
                SCRIPTS.resolve("aws_cli_smoke.sh").toString(),
                server.endpoint().toString()));
    String out = run(command);
    assertThat(out).doesNotContain("FAIL").contains("PASS");
  }
}

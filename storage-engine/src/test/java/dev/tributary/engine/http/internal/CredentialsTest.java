package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  @TempDir Path dir;

  @Test
  void shouldParseKeySecretPairsKeepingColonsAndSlashesInSecrets() {
    Map<String, String> secrets =
        Credentials.parse(List.of("AKID1:s3cr/et+x", " AKID2 : other:part "));
    assertThat(secrets)
        .containsExactly(Map.entry("AKID1", "s3cr/et+x"), Map.entry("AKID2", "other:part"));
  }

  @Test
  void shouldNameTheBadCommandLineEntryWithoutEchoingIt() {
    assertThatThrownBy(() -> Credentials.parse(List.of("A:B", "justakeyandsecret")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--credentials #2: expected KEY:SECRET, but the entry has no ':' between access key and secret")
        .hasMessageNotContaining("justakeyandsecret");
    assertThatThrownBy(() -> Credentials.parse(List.of("AKID:")))
        .hasMessage(
            "--credentials #1: expected KEY:SECRET, but the secret for access key 'AKID' is empty");
    assertThatThrownBy(() -> Credentials.parse(List.of(":secret")))
        .hasMessage("--credentials #1: expected KEY:SECRET, but the access key is empty");
    assertThatThrownBy(() -> Credentials.parse(List.of("AK ID:secret")))
        .hasMessage("--credentials #1: access key 'AK ID' must be printable ASCII without spaces");
  }

  @Test
  void shouldReadTheEnvironmentVariable() {
    Map<String, String> secrets =
        Credentials.builder()
            .addEnvironment(Map.of(Credentials.ENVIRONMENT_VARIABLE, "K1:S1, K2:S2"))
            .build();
    assertThat(secrets).containsExactly(Map.entry("K1", "S1"), Map.entry("K2", "S2"));
    assertThat(Credentials.builder().addEnvironment(Map.of()).build()).isEmpty();
    assertThatThrownBy(
            () ->
                Credentials.builder()
                    .addEnvironment(Map.of(Credentials.ENVIRONMENT_VARIABLE, "K1:S1,,K2:S2")))
        .hasMessage("environment variable TRIBUTARY_CREDENTIALS entry 2 is empty");
    assertThatThrownBy(
            () ->
                Credentials.builder()
                    .addEnvironment(Map.of(Credentials.ENVIRONMENT_VARIABLE, "K1:S1,K2")))
        .hasMessageStartingWith(
            "environment variable TRIBUTARY_CREDENTIALS entry 2: expected KEY:SECRET");
  }

  @Test
  void shouldReadAFileSkippingCommentsAndNamingTheBadLine() throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(
        file, "# keys for the local endpoint\n\nK1:S1\n  # indented comment\nK2:S2\n");
    assertThat(Credentials.builder().addFile(file).build())
        .containsExactly(Map.entry("K1", "S1"), Map.entry("K2", "S2"));

    Path bad = dir.resolve("bad");
    Files.writeString(bad, "K1:S1\n# ok\nK2 S2\n");
    assertThatThrownBy(() -> Credentials.builder().addFile(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "credentials file "
                + bad
                + " line 3: expected KEY:SECRET, but the entry has no ':'"
                + " between access key and secret");
    assertThatThrownBy(() -> Credentials.builder().addFile(dir.resolve("missing")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("Cannot read credentials file");
  }

  @Test
  void shouldMergeSourcesAndRejectConflictingSecrets() throws Exception {
    Path file = dir.resolve("credentials");
    Files.writeString(file, "K1:S1\n");
    Map<String, String> merged =
        Credentials.builder()
            .add("K1:S1", "--credentials #1")
            .addFile(file)
            .addEnvironment(Map.of(Credentials.ENVIRONMENT_VARIABLE, "K2:S2"))
            .build();
    assertThat(merged).containsOnlyKeys("K1", "K2");
    assertThatThrownBy(() -> Credentials.builder().add("K1:S9", "--credentials #1").addFile(file))
        .hasMessage(
            "credentials file "
                + file
                + " line 1: access key 'K1' is already defined with a"
                + " different secret by --credentials #1");
  }
}

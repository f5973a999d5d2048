package dev.tributary.handlers.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.Handlers;
import dev.tributary.handlers.TestEvents;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchivePartsTest {
  private static final Instant AT = Instant.parse("2026-12-31T23:59:59.999Z");

  @Test
  void shouldNameObjectsByTableHourAndSequenceAndParseThemBack() {
    ArchiveKeys keys = new ArchiveKeys("/cdc/");
    String key = keys.batchKey("Orders", AT, "42", "1000", true);
    assertThat(key)
        .isEqualTo("cdc/Orders/2026/12/31/23/00000000000000000042-00000000000000001000.jsonl.gz");
    assertThat(keys.parse("Orders", key))
        .hasValueSatisfying(
            p -> {
              assertThat(p.hour()).isEqualTo(Instant.parse("2026-12-31T23:00:00Z"));
              assertThat(p.firstSequence()).isEqualTo(BigInteger.valueOf(42));
              assertThat(p.gzip()).isTrue();
            });
    assertThat(keys.parse("Orders", keys.eventKey("Orders", AT, "7", false)))
        .hasValueSatisfying(p -> assertThat(p.firstSequence()).isEqualTo(BigInteger.valueOf(7)));
    assertThat(keys.parse("Orders", "cdc/Orders/2026/12/31/23/")).isEmpty();
    assertThat(keys.parse("Orders", "cdc/Orders/2026/12/31/23/notes.txt")).isEmpty();
    assertThat(new ArchiveKeys("").tablePrefix("T")).isEqualTo("T/");
  }

  @Test
  void shouldEncodeTheSameEventsToTheSameBytesAndBack() throws Exception {
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "O-1", "a@example.com"),
            TestEvents.remove("Orders", 2, AT, "O-1"));
    byte[] a = JsonLines.encode(events, true);
    byte[] b = JsonLines.encode(List.copyOf(events), true);
    assertThat(a).isEqualTo(b);
    assertThat(JsonLines.decode(new ByteArrayInputStream(a), true)).isEqualTo(events);
    assertThat(new String(JsonLines.encode(events, false), StandardCharsets.UTF_8).lines())
        .hasSize(2);
  }

  @Test
  void shouldRejectBadConfigurationNamingTheKey() {
    assertThatThrownBy(() -> Handlers.create("archive", Map.of()))
        .hasMessageContaining("key 'bucket' is required");
    assertThatThrownBy(() -> Handlers.create("archive", Map.of("bucket", "Bad_Bucket")))
        .hasMessageContaining("key 'bucket'")
        .hasMessageContaining("not a valid S3 bucket name");
    assertThatThrownBy(
            () -> Handlers.create("archive", Map.of("bucket", "b-1", "storage-class", "COLD")))
        .hasMessageContaining("key 'storage-class'");
    assertThatThrownBy(
            () ->
                Handlers.create(
                    "archive", Map.of("bucket", "b-1", "sse", Map.of("kms-key-id", "k"))))
        .hasMessageContaining("'sse.kms-key-id' needs 'sse.type: kms'");
    assertThatThrownBy(
            () ->
                Handlers.create(
                    "archive", Map.of("bucket", "b-1", "s3", Map.of("endpoint", "ftp://x"))))
        .hasMessageContaining("key 's3.endpoint'");
    assertThatThrownBy(
            () ->
                Handlers.create(
                    "archive", Map.of("bucket", "b-1", "s3", Map.of("access-key", "a"))))
        .hasMessageContaining("'s3.access-key' and 's3.secret-key'");
    assertThatThrownBy(() -> Handlers.create("archive", Map.of("bucket", "b-1", "layuot", "event")))
        .hasMessageContaining("unknown configuration key [layuot]");
    assertThatThrownBy(() -> ArchiveHandler.builder().kmsKeyId("k").encryption(Encryption.AES256))
        .hasMessageContaining("conflicts with kmsKeyId");
  }

  @Test
  void shouldListAllThreeFactories() {
    assertThat(Handlers.factories()).containsKeys("email", "archive", "lambda");
  }
}

package dev.tributary.handlers.archive;

import static dev.tributary.handlers.TestEvents.context;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.Handlers;
import dev.tributary.handlers.TestEvents;
import dev.tributary.handlers.internal.TableNames;
import dev.tributary.local.LocalS3;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The archive handler and reader against S3Proxy (real S3 protocol, filesystem store). */
class ArchiveHandlerIT {
  private static final Instant T0 = Instant.parse("2026-03-01T09:40:00Z");

  @TempDir static Path storage;
  private static final String ACCESS = "archive-access";
  private static final String SECRET = "archive-secret";
  private static LocalS3 server;
  private static S3Client s3;
  private static int buckets;
  private String bucket;

  @BeforeAll
  static void start() throws Exception {
    server = LocalS3.builder().directory(storage).credentials(ACCESS, SECRET).start();
    s3 =
        S3Settings.builder()
            .endpoint(server.endpoint())
            .pathStyle(true)
            .region("us-east-1")
            .credentials(ACCESS, SECRET)
            .build()
            .client();
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @BeforeEach
  void bucket() {
    bucket = "archive-" + ++buckets;
    s3.createBucket(b -> b.bucket(bucket));
  }

  /** Orders and Customers, 20 s apart, across three hours: inserts, modifies, removes. */
  private static List<ChangeEvent> stream(int n) {
    List<ChangeEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String table = i % 3 == 0 ? "Customers" : "Orders";
      Instant at = T0.plusSeconds(20L * i);
      String id = "O-" + (i % 40);
      ChangeEvent e =
          switch (i % 5) {
            case 1, 3 -> TestEvents.modify(table, 1000 + i, at, id, "PLACED", "SHIPPED");
            case 4 -> TestEvents.remove(table, 1000 + i, at, id);
            default -> TestEvents.insert(table, 1000 + i, at, id, id + "@example.com");
          };
      out.add(e);
    }
    return out;
  }

  private static List<List<ChangeEvent>> cut(List<ChangeEvent> events, int size) {
    List<List<ChangeEvent>> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i += size) {
      out.add(events.subList(i, Math.min(events.size(), i + size)));
    }
    return out;
  }

  private static Map<String, List<ChangeEvent>> byTable(List<ChangeEvent> events) {
    return events.stream()
        .collect(Collectors.groupingBy(TableNames::of, LinkedHashMap::new, Collectors.toList()));
  }

  private List<S3Object> objects() {
    // S3Proxy's filesystem store lists its directories as "dir/" objects: not ours.
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
        .filter(o -> !o.key().endsWith("/"))
        .toList();
  }

  private byte[] bytes(String key) {
    ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    return r.asByteArray();
  }

  private ArchiveReader reader(String prefix) {
    return ArchiveReader.builder().client(s3).bucket(bucket).prefix(prefix).build();
  }

  @Test
  void shouldWriteObjectsThatReadBackAsTheEventStream() throws Exception {
    List<ChangeEvent> events = stream(600);
    try (ArchiveHandler h =
        ArchiveHandler.builder().client(s3).bucket(bucket).prefix("cdc/prod/").build()) {
      for (List<ChangeEvent> batch : cut(events, 50)) {
        assertThat(h.handle(batch, context(1)).isSuccess()).isTrue();
      }
    }
    List<S3Object> objects = objects();
    assertThat(objects).hasSize(24); // 12 batches x 2 tables
    assertThat(objects)
        .allSatisfy(
            o ->
                assertThat(o.key())
                    .matches(
                        "cdc/prod/(Orders|Customers)/2026/03/01/(09|10|11|12)/\\d{21}-\\d{21}\\.jsonl\\.gz"));
    assertThat(objects.get(0).key())
        .isEqualTo(
            "cdc/prod/Customers/2026/03/01/09/000000000000000001000-000000000000000001048.jsonl.gz");

    // Raw read-back: every object's lines, in key order per table, are the table's stream.
    Map<String, List<ChangeEvent>> raw = new LinkedHashMap<>();
    for (S3Object o : objects) {
      String table = o.key().split("/")[2];
      raw.computeIfAbsent(table, t -> new ArrayList<>())
          .addAll(JsonLines.decode(new ByteArrayInputStream(bytes(o.key())), true));
    }
    Map<String, List<ChangeEvent>> expected = byTable(events);
    assertThat(raw.get("Orders")).containsExactlyElementsOf(expected.get("Orders"));
    assertThat(raw.get("Customers")).containsExactlyElementsOf(expected.get("Customers"));

    // The reader: whole range, and a sub-range crossing an hour (lookback finds 10:59's batch).
    try (ArchiveReader r = reader("cdc/prod")) {
      assertThat(r.tables()).containsExactly("Customers", "Orders");
      Instant end = T0.plusSeconds(20L * 600);
      assertThat(r.read("Orders", T0, end).toList())
          .containsExactlyElementsOf(expected.get("Orders"));
      assertThat(r.read("Customers", T0, end).toList())
          .containsExactlyElementsOf(expected.get("Customers"));
      Instant from = Instant.parse("2026-03-01T11:05:10Z");
      Instant to = Instant.parse("2026-03-01T12:00:00Z");
      List<ChangeEvent> slice =
          expected.get("Orders").stream()
              .filter(
                  e ->
                      !e.dynamodb().approximateCreationDateTime().isBefore(from)
                          && e.dynamodb().approximateCreationDateTime().isBefore(to))
              .toList();
      assertThat(slice).hasSizeGreaterThan(100);
      assertThat(r.read("Orders", from, to).toList()).containsExactlyElementsOf(slice);
      assertThat(r.read(T0, end).count()).isEqualTo(600);
    }
  }

  @Test
  void shouldLeaveNoDuplicatesWhenABatchIsRedeliveredAfterACrash() throws Exception {
    List<ChangeEvent> events =
        stream(300).stream().filter(e -> TableNames.of(e).equals("Orders")).toList();
    List<ChangeEvent> batch = events.subList(0, 100);
    try (ArchiveHandler h = ArchiveHandler.builder().client(s3).bucket(bucket).build()) {
      h.handle(batch, context(1)); // uploaded; the runner "crashes" before committing
    }
    List<S3Object> before = objects();
    byte[] first = bytes(before.get(0).key());
    try (ArchiveHandler h = ArchiveHandler.builder().client(s3).bucket(bucket).build()) {
      assertThat(h.handle(batch, context(1)).isSuccess()).isTrue(); // the same batch again
      assertThat(objects())
          .extracting(S3Object::key)
          .containsExactlyElementsOf(before.stream().map(S3Object::key).toList());
      assertThat(bytes(before.get(0).key())).isEqualTo(first);
      // Redelivered cut differently (a partial retry, then a longer batch): overlapping objects.
      h.handle(events.subList(0, 40), context(2));
      h.handle(events.subList(40, events.size()), context(1));
    }
    List<ChangeEvent> stored = new ArrayList<>();
    for (S3Object o : objects()) {
      stored.addAll(JsonLines.decode(new ByteArrayInputStream(bytes(o.key())), true));
    }
    assertThat(stored).hasSize(100 + events.size()); // raw objects do hold copies...
    try (ArchiveReader r = reader("")) { // ...the reader yields each event once, in order
      assertThat(r.read("Orders", T0, T0.plusSeconds(86400)).toList())
          .containsExactlyElementsOf(events);
    }
  }

  @Test
  @SuppressWarnings("try") // ChangeHandler.close() may throw InterruptedException: fine in a test
  void shouldWriteOneObjectPerEventThroughTheFactory() throws Exception {
    Map<String, Object> config =
        Map.of(
            "bucket",
            bucket,
            "prefix",
            "events",
            "layout",
            "event",
            "gzip",
            false,
            "storage-class",
            "STANDARD_IA",
            "s3",
            Map.of(
                "endpoint",
                server.endpoint(),
                "path-style",
                true,
                "region",
                "eu-west-1",
                "access-key",
                ACCESS,
                "secret-key",
                SECRET));
    List<ChangeEvent> events = stream(30);
    try (ChangeHandler h = Handlers.create("archive", config)) {
      assertThat(h.idempotent()).isTrue();
      assertThat(h.handle(events.subList(0, 20), context(1)).isSuccess()).isTrue();
      assertThat(h.handle(events.subList(10, 30), context(1)).isSuccess()).isTrue(); // overlap
    }
    List<S3Object> objects = objects();
    assertThat(objects).hasSize(30);
    Set<String> ids = new HashSet<>();
    for (S3Object o : objects) {
      assertThat(o.key()).matches("events/(Orders|Customers)/2026/03/01/09/\\d{21}\\.json");
      ChangeEvent e =
          ChangeEventJson.fromJson(new String(bytes(o.key()), StandardCharsets.UTF_8).strip());
      assertThat(o.key()).endsWith("/" + e.dynamodb().sequenceNumber() + ".json");
      ids.add(e.eventId());
    }
    assertThat(ids)
        .containsExactlyInAnyOrderElementsOf(events.stream().map(ChangeEvent::eventId).toList());
    try (ArchiveReader r = reader("events")) {
      assertThat(r.read(T0, T0.plusSeconds(3600)).toList())
          .containsExactlyElementsOf(
              byTable(events).entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .flatMap(en -> en.getValue().stream())
                  .toList());
    }
  }

  @Test
  void shouldStopTheRunnerWhenTheBucketDoesNotExist() throws Exception {
    try (ArchiveHandler h = ArchiveHandler.builder().client(s3).bucket("no-such-bucket").build()) {
      assertThatThrownBy(() -> h.handle(stream(3), context(1)))
          .isInstanceOf(FatalException.class)
          .hasMessageContaining("no-such-bucket")
          .hasMessageContaining("404");
    }
  }
}

package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.local.LocalS3;
import dev.tributary.worker.CliCommandsIT.Run;
import dev.tributary.worker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary replay} in-process against a real broker and a real engine: a dry run prints the
 * events, a replay delivers only the selected ones to the handler, the change log is read from the
 * engine's data dir (and a locked one is one clear line), bad input is one line and exit 2.
 */
class ReplayCommandIT {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Path config;
  static Path ledger;
  static List<ChangeEvent> events;

  @BeforeAll
  static void setUp() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    ledger = dir.resolve("ledger.txt");
    config = dir.resolve("tributary.yaml");
    Files.writeString(
        config,
        """
        worker:
          state-dir: state
          http: {enabled: false}
        kafka:
          bootstrap-servers: %s
          partitions: 2
        engine:
          embedded: {data-dir: engine}
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              ledger:
                type: test-ledger
                config: {path: "%s"}
                route: always
                batch: {size: 3, window: 10ms}
                retry: {attempts: 1}
        """
            .formatted(kafka.bootstrapServers(), ledger));
    String lane = WorkerConfig.loadForInspection(config).pipelines().get(0).laneTopic("ledger");
    kafka.createTopic(lane, 2);
    // What the topology routed to the handler's lane earlier; the handler's runners are not
    // running.
    events = IntStream.rangeClosed(1, 10).mapToObj(i -> TestEvents.insert("C-" + i, i)).toList();
    TestEvents.publish(kafka.bootstrapServers(), lane, events);
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir.resolve("engine")).build())) {
      engine.createTable(
          CreateTableRequest.builder("Orders")
              .partitionKey("customerId", ScalarAttributeType.S)
              .stream(StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
      for (int i = 1; i <= 3; i++) {
        engine.putItem(
            PutItemRequest.of(
                "Orders", Item.builder().s("customerId", "E-" + i).n("seq", i).build()));
      }
    }
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
  }

  static Run replay(String... more) {
    String[] args = new String[more.length + 5];
    System.arraycopy(
        new String[] {"replay", "--config", config.toString(), "--pipeline", "orders"},
        0,
        args,
        0,
        5);
    System.arraycopy(more, 0, args, 5, more.length);
    return CliCommandsIT.run(args);
  }

  @Test
  void dryRunShouldPrintTheEventsAsJsonLinesAndDeliverNothing() {
    Run r =
        replay("--handler", "ledger", "--from", "2026-01-01", "--where", "seq >= 6", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines().stream().map(ChangeEventJson::fromJson).map(ChangeEvent::eventId).toList())
        .containsExactlyInAnyOrderElementsOf(
            events.subList(5, 10).stream().map(ChangeEvent::eventId).toList());
    assertThat(r.err().strip())
        .isEqualTo(
            "Dry run of orders/ledger from the lane: read 10, would deliver 5,"
                + " not routed 0, filtered 5, dead-lettered 0, warnings 0");
    assertThat(ledger).doesNotExist();
  }

  @Test
  void replayShouldDeliverTheRangeToTheHandler() throws Exception {
    Path own = dir.resolve("replayed.txt");
    Path cfg = dir.resolve("replay.yaml");
    Files.writeString(cfg, Files.readString(config).replace(ledger.toString(), own.toString()));
    Run r =
        CliCommandsIT.run(
            "replay",
            "--config",
            cfg.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "ledger",
            "--from",
            "2026-01-01T00:00:00Z",
            "--where",
            "seq BETWEEN 3 AND 7");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(WorkerIT.lines(own))
        .containsExactlyInAnyOrderElementsOf(
            events.subList(2, 7).stream().map(ChangeEvent::eventId).toList());
    assertThat(r.err().strip())
        .startsWith("Replayed orders/ledger from the lane: read 10, delivered 5,")
        .contains("filtered 5, dead-lettered 0");
  }

  @Test
  @SuppressWarnings("try") // the engine is held open, as a running worker would
  void changeLogShouldBeReadFromTheEnginesDataDirUnlessAWorkerHoldsIt() {
    Run r =
        replay(
            "--handler", "ledger", "--from", "2020-01-01", "--source", "change-log", "--dry-run");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.lines()).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"E-"));
    assertThat(r.err()).contains("from the change-log: read 3, would deliver 3");

    try (TributaryEngine running =
        TributaryEngine.open(EngineOptions.builder(dir.resolve("engine")).build())) {
      Run locked =
          replay(
              "--handler", "ledger", "--from", "2020-01-01", "--source", "change-log", "--dry-run");
      assertThat(locked.code()).isEqualTo(2);
      assertThat(locked.err().strip().lines())
          .singleElement()
          .asString()
          .startsWith("tributary: ")
          .contains("is locked by a running worker");
    }
  }

  @Test
  void archiveShouldBeReadWithThePipelinesArchiveHandlerSettings() throws Exception {
    try (LocalS3 s3 = LocalS3.builder().inMemory().start()) {
      s3.createBucket("replay-archive");
      Path cfg = dir.resolve("archive.yaml");
      Files.writeString(
          cfg,
          Files.readString(config)
              + """
                archive:
                  type: archive
                  route: remove
                  config:
                    bucket: replay-archive
                    prefix: cdc/
                    s3: {endpoint: "%s", path-style: true, access-key: "%s", secret-key: "%s"}
          """
                  .formatted(s3.endpoint(), s3.accessKey(), s3.secretKey()));
      // What the archive handler wrote earlier, beyond the lane's retention say.
      try (ChangeHandler archive =
          WorkerConfig.loadForInspection(cfg)
              .pipelines()
              .get(0)
              .handlers()
              .get("archive")
              .factory()
              .get()) {
        assertThat(
                archive
                    .handle(events, BatchContext.of("orders", "archive", 1, 0, 0, 0))
                    .isSuccess())
            .isTrue();
      }
      Run r =
          CliCommandsIT.run(
              "replay",
              "--config",
              cfg.toString(),
              "--pipeline",
              "orders",
              "--handler",
              "ledger",
              "--from",
              "2026-01-01",
              "--source",
              "archive",
              "--dry-run");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(
              r.lines().stream().map(ChangeEventJson::fromJson).map(ChangeEvent::eventId).toList())
          .containsExactlyElementsOf(events.stream().map(ChangeEvent::eventId).toList());
      assertThat(r.err()).contains("from the archive: read 10, would deliver 10");
    }
  }

  @Test
  void badInputShouldBeOneLineAndExitCodeTwo() {
    for (String[] args :
        List.of(
            new String[] {
              "replay", "--config", config.toString(), "--pipeline", "orders", "--handler", "ledger"
            },
            new String[] {"replay", "--pipeline", "orders", "--handler", "ledger", "--from", "1"},
            new String[] {
              "replay",
              "--config",
              dir.resolve("none.yaml").toString(),
              "--pipeline",
              "orders",
              "--handler",
              "ledger",
              "--from",
              "1"
            })) {
      Run r = CliCommandsIT.run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines())
          .as(String.join(" ", args))
          .singleElement()
          .asString()
          .startsWith("tributary: ");
    }
    for (String[] args :
        List.of(
            new String[] {"--handler", "ledger", "--from", "yesterday"},
            new String[] {"--handler", "ledger", "--from", "2026-01-02", "--to", "2026-01-01"},
            new String[] {"--handler", "nope", "--from", "1"},
            new String[] {"--handler", "ledger", "--from", "1", "--where", "seq >>= 3"},
            new String[] {"--handler", "ledger", "--from", "1", "--source", "tape"},
            new String[] {"--handler", "ledger", "--from", "1", "--source", "archive"})) {
      Run r = replay(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines())
          .as(String.join(" ", args))
          .singleElement()
          .asString()
          .startsWith("tributary: ");
    }
    assertThat(replay("--handler", "nope", "--from", "1").err()).contains("handlers: [ledger]");
    assertThat(replay("--handler", "ledger", "--from", "1", "--source", "archive").err())
        .contains("has no archive handler")
        .doesNotContain("Exception");
    assertThat(replay("--handler", "ledger", "--from", "yesterday").err())
        .contains("--from: position 'yesterday'");
  }

  @Test
  void helpShouldExplainWithAnExample() {
    Run r = CliCommandsIT.run("replay", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Usage: tributary replay")
        .contains("--source")
        .contains("--dry-run")
        .contains("Example:")
        .contains("--from 2025-01-15T10:00:00Z");
  }
}

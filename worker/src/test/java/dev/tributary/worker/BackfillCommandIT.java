package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.worker.config.WorkerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tributary backfill} in this JVM: handlers added to a pipeline after its table filled up
 * are backfilled from the worker's own engine, and the next worker run continues without repeating.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class BackfillCommandIT {
  static final Duration WAIT = Duration.ofMinutes(2);
  @TempDir Path dir;

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  private void writeConfig(Path config, boolean withNewHandlers) throws IOException {
    String newHandlers =
        withNewHandlers
            ? """
              mirror:
                type: test-ledger
                config: {path: "%s"}
                route: always
              mail:
                type: test-ledger
                config: {path: "%s"}
                route: always
                snapshot-events: false
        """
                .formatted(dir.resolve("mirror.txt"), dir.resolve("mail.txt"))
            : "";
    Files.writeString(
        config,
        """
        worker:
          id: backfill-it
          http: {enabled: false}
          shutdown-timeout: 60s
        kafka:
          embedded: {data-dir: kafka}
          partitions: 2
        engine:
          embedded: {data-dir: engine, sync: false}
        sources:
          - type: engine-relay
            id: main
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              audit:
                type: test-ledger
                config: {path: "%s"}
                route: always
        """
                .formatted(dir.resolve("audit.txt"))
            + newHandlers);
  }

  private static void put(TributaryEngine engine, int from, int to) {
    for (int i = from; i < to; i++) {
      engine.putItem(
          PutItemRequest.builder(
                  "Orders", Item.builder().s("customerId", "C-" + i).n("total", i).build())
              .build());
    }
  }

  @Test
  void shouldBackfillANewHandlerFromTheSnapshotAndContinueWithoutRepeating() throws Exception {
    Path config = dir.resolve("tributary.yaml");
    writeConfig(config, false);
    try (Worker worker = Worker.start(WorkerConfig.load(config))) {
      TributaryEngine engine = worker.engine().orElseThrow();
      engine.createTable(
          CreateTableRequest.builder("Orders")
              .partitionKey("customerId", ScalarAttributeType.S)
              .stream(StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
      put(engine, 0, 30);
      await().atMost(WAIT).until(() -> lines(dir.resolve("audit.txt")).size() >= 30);
    }

    writeConfig(config, true);
    Run mirror =
        cli(
            "backfill",
            "--config",
            config.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "mirror");
    assertThat(mirror.exit()).as(mirror.err()).isZero();
    assertThat(mirror.out().strip().lines())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith(
                        "backfill orders/mirror: 30 snapshot items (0 not for this handler)")
                    .contains("delivered 30,"));
    assertThat(lines(dir.resolve("mirror.txt")))
        .hasSize(30)
        .doesNotHaveDuplicates()
        .allSatisfy(l -> assertThat(l).endsWith(" snapshot"));

    Run mail =
        cli("backfill", "--config", config.toString(), "--pipeline", "orders", "--handler", "mail");
    assertThat(mail.exit()).as(mail.err()).isZero();
    assertThat(mail.out()).contains("delivered 0,");
    assertThat(lines(dir.resolve("mail.txt"))).isEmpty();

    Run dry =
        cli(
            "backfill",
            "--config",
            config.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "mirror",
            "--dry-run");
    assertThat(dry.exit()).as(dry.err()).isZero();
    // stdout is the events only, each a JSON document; the summary goes to stderr
    ObjectMapper json = new ObjectMapper();
    assertThat(dry.out().lines().toList())
        .hasSize(30)
        .allSatisfy(
            l ->
                assertThat(json.readTree(l).get("dynamodb").get("SizeBytes").isIntegralNumber())
                    .isTrue());
    assertThat(dry.err()).contains("(dry run)").contains("would deliver 30,");
    assertThat(lines(dir.resolve("mirror.txt"))).hasSize(30);

    // The "a worker is running" refusal is not checked here: a second embedded broker started on
    // the same directory in the same JVM fails its start and, stopping, breaks the running one.
    try (Worker worker = Worker.start(WorkerConfig.load(config))) {
      put(worker.engine().orElseThrow(), 30, 35);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  lines(dir.resolve("mirror.txt")).size() >= 35
                      && lines(dir.resolve("mail.txt")).size() >= 5
                      && lines(dir.resolve("audit.txt")).size() >= 35);
      assertThat(worker.runtime().awaitCaughtUp(WAIT)).isTrue();
    }
    List<String> mirrored = lines(dir.resolve("mirror.txt"));
    assertThat(mirrored).hasSize(35).doesNotHaveDuplicates();
    assertThat(mirrored.subList(30, 35)).noneMatch(l -> l.endsWith(" snapshot"));
    assertThat(lines(dir.resolve("mail.txt"))).hasSize(5).noneMatch(l -> l.endsWith(" snapshot"));
    assertThat(lines(dir.resolve("audit.txt"))).hasSize(35);
  }

  @Test
  void shouldNameAnUnknownPipelineOrHandlerWithExitCode2() throws Exception {
    Path config = dir.resolve("tributary.yaml");
    writeConfig(config, false);
    Run pipeline =
        cli("backfill", "--config", config.toString(), "--pipeline", "nope", "--handler", "audit");
    assertThat(pipeline.exit()).isEqualTo(2);
    assertThat(pipeline.err()).contains("no pipeline 'nope'").contains("[orders]");
    Run handler =
        cli("backfill", "--config", config.toString(), "--pipeline", "orders", "--handler", "nope");
    assertThat(handler.exit()).isEqualTo(2);
    assertThat(handler.err()).contains("no handler 'nope'").contains("[audit]");
  }
}

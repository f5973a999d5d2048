package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.worker.config.WorkerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The inspecting commands, in-process against a real broker and a worker running a pipeline whose
 * handler dead-letters keys starting with BAD-: tail, lanes, dlq list / show / redrive, and their
 * one-line errors with exit code 2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliCommandsIT {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static Worker worker;
  static Path config;
  static Path ledger;
  static final List<ChangeEvent> events = new ArrayList<>();

  /** What a command printed and returned. */
  record Run(int code, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  static Run run(String... args) {
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void startWorker() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    kafka.createTopic(Topics.changeTopic("Orders"), 4);
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
          partitions: 4
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              ledger:
                type: test-ledger
                config: {path: "%s", poison-prefix: BAD-}
                route: always
                batch: {size: 1, window: 10ms}
                retry: {attempts: 1}
        """
            .formatted(kafka.bootstrapServers(), ledger));
    worker = Worker.start(WorkerConfig.load(config));
    IntStream.rangeClosed(1, 10)
        .forEach(i -> events.add(TestEvents.insert((i % 5 == 0 ? "BAD-" : "C-") + i, i)));
    TestEvents.publish(kafka.bootstrapServers(), Topics.changeTopic("Orders"), events);
    assertThat(worker.runtime().awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
    assertThat(WorkerIT.lines(ledger)).hasSize(8);
  }

  @AfterAll
  static void stop() {
    if (worker != null) {
      worker.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  @Order(1) // dlq redrives into the lane: tail and lanes look first
  void tailShouldPrintChangeEventsAsJsonLinesWithFilters() {
    Run all =
        run(
            "tail",
            "--config",
            config.toString(),
            "--table",
            "Orders",
            "--from",
            "beginning",
            "--max",
            "10");
    assertThat(all.code()).as(all.err()).isZero();
    assertThat(all.lines()).hasSize(10);
    assertThat(
            all.lines().stream().map(ChangeEventJson::fromJson).map(ChangeEvent::eventId).toList())
        .containsExactlyInAnyOrderElementsOf(events.stream().map(ChangeEvent::eventId).toList());

    Run bad =
        run(
            "tail",
            "--config",
            config.toString(),
            "--lane",
            "orders/ledger",
            "--from",
            "beginning",
            "--key-prefix",
            "BAD-",
            "--idle-timeout",
            "3s");
    assertThat(bad.code()).isZero();
    assertThat(bad.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"S\":\"BAD-"));

    Run none =
        run(
            "tail",
            "--bootstrap-servers",
            kafka.bootstrapServers(),
            "--topic",
            Topics.changeTopic("Orders"),
            "--event-name",
            "MODIFY",
            "--from",
            "beginning",
            "--idle-timeout",
            "2s");
    assertThat(none.code()).isZero();
    assertThat(none.out()).isEmpty();

    Run recent =
        run(
            "tail",
            "--config",
            config.toString(),
            "--table",
            "Orders",
            "--from",
            "1h",
            "--idle-timeout",
            "2s");
    assertThat(recent.lines()).hasSize(10); // written seconds ago
  }

  @Test
  @Order(2) // dlq redrives into the lane: tail and lanes look first
  void lanesShouldShowPositionsAndLag() throws Exception {
    Run table = run("lanes", "--config", config.toString());
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.lines().get(0)).startsWith("PIPELINE").contains("LAG TIME");
    assertThat(table.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "orders +ledger +tributary\\.lane\\.orders\\.ledger +4 +\\d+ +\\d+ +0 +0\\.0s"));
    assertThat(table.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("orders")
                    .contains("(topology)")
                    .contains("tributary.changes.Orders"));

    Run json = run("lanes", "--config", config.toString(), "--json");
    JsonNode rows = new ObjectMapper().readTree(json.out());
    assertThat(rows).hasSize(2);
    JsonNode lane = rows.get(1);
    assertThat(lane.get("kind").asText()).isEqualTo("lane");
    assertThat(lane.get("lagEvents").asLong()).isZero();
    assertThat(lane.get("partitions")).hasSize(4);
  }

  @Test
  @Order(3)
  void dlqShouldListShowAndRedriveOnce() throws Exception {
    Run list = run("dlq", "list", "--config", config.toString());
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.lines())
        .anySatisfy(
            l -> assertThat(l).matches("orders +ledger +tributary\\.dlq\\.orders\\.ledger +2 +2"));

    Run show =
        run(
            "dlq",
            "show",
            "--config",
            config.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "ledger");
    assertThat(show.lines()).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    for (String l : show.lines()) {
      JsonNode n = json.readTree(l);
      assertThat(n.get("headers").get("tributary.error.class").asText())
          .isEqualTo(BadRecordException.class.getName());
      assertThat(n.get("headers").get("tributary.source.topic").asText())
          .isEqualTo("tributary.lane.orders.ledger");
      assertThat(n.get("event").get("dynamodb").get("Keys").toString()).contains("BAD-");
    }

    Run dry =
        run(
            "dlq",
            "redrive",
            "--config",
            config.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "ledger",
            "--dry-run");
    assertThat(dry.lines())
        .last()
        .isEqualTo(
            "Would redrive 2 event(s) from tributary.dlq.orders.ledger to tributary.lane.orders.ledger");
    Run redrive =
        run(
            "dlq",
            "redrive",
            "--config",
            config.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "ledger");
    assertThat(redrive.code()).as(redrive.err()).isZero();
    assertThat(redrive.out()).contains("Redrove 2 event(s)");
    // Still poison: the runner dead-letters them again; only those two are new, nothing is redriven
    // twice.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                assertThat(run("dlq", "list", "--config", config.toString()).lines())
                    .anySatisfy(
                        l ->
                            assertThat(l)
                                .matches(
                                    "orders +ledger +tributary\\.dlq\\.orders\\.ledger +4 +2")));
    assertThat(
            run(
                    "dlq",
                    "redrive",
                    "--config",
                    config.toString(),
                    "--pipeline",
                    "orders",
                    "--handler",
                    "ledger")
                .out())
        .contains("Redrove 2 event(s)");
  }

  @Test
  @Order(4)
  void badInputShouldBeOneLineAndExitCodeTwo() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "pipelines:\n  - name: orders\n    sources: [Orders]\n    handlers:\n      x: {type: nosuch, route: always}\n");
    for (String[] args :
        List.of(
            new String[] {"tail", "--config", config.toString()},
            new String[] {
              "tail", "--config", config.toString(), "--table", "Orders", "--from", "yesterday"
            },
            new String[] {"tail", "--config", config.toString(), "--lane", "orders"},
            new String[] {"lanes"},
            new String[] {"lanes", "--config", bad.toString()},
            new String[] {
              "dlq", "show", "--config", config.toString(), "--pipeline", "nope", "--handler", "x"
            },
            new String[] {
              "dlq",
              "show",
              "--config",
              config.toString(),
              "--pipeline",
              "orders",
              "--handler",
              "nope"
            },
            new String[] {"worker", "--config", bad.toString()},
            new String[] {"worker"})) {
      Run r = run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines())
          .as(String.join(" ", args))
          .hasSize(1)
          .allSatisfy(l -> assertThat(l).startsWith("tributary: "));
    }
    assertThat(run("worker", "--config", bad.toString()).err())
        .contains("bad.yaml:5:")
        .contains("'nosuch'");
    assertThat(
            run(
                    "dlq",
                    "show",
                    "--config",
                    config.toString(),
                    "--pipeline",
                    "nope",
                    "--handler",
                    "x")
                .err())
        .contains("no pipeline 'nope'")
        .contains("[orders]");
  }

  @Test
  @Order(5)
  void everyCommandShouldHaveHelp() {
    for (String cmd : List.of("worker", "tail", "lanes", "dlq", "engine")) {
      Run r = run(cmd, "--help");
      assertThat(r.code()).as(cmd).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: tributary " + cmd);
    }
    Run list = run("dlq", "redrive", "--help");
    assertThat(list.out()).contains("--dry-run").contains("one Kafka transaction");
    assertThat(run("worker", "--config", config.toString(), "--check").out())
        .contains("OK, 1 pipeline(s)")
        .contains("Pipeline orders");
  }

  @Test
  @Order(6)
  void machineReadableOutputShouldBeOnlyJsonOnStdoutOfTheCommandAsUsersRunIt() throws Exception {
    ObjectMapper json = new ObjectMapper();
    // A child process, as a user runs it: whatever logs the Kafka clients or Logback write go
    // elsewhere.
    Run tail =
        child(
            "tail",
            "--config",
            config.toString(),
            "--table",
            "Orders",
            "--from",
            "beginning",
            "--max",
            "10");
    assertThat(tail.code()).as(tail.err()).isZero();
    assertThat(tail.lines())
        .hasSize(10)
        .allSatisfy(l -> assertThat(json.readTree(l).get("eventID").isTextual()).isTrue());

    Run lanes = child("lanes", "--config", config.toString(), "--json");
    assertThat(lanes.code()).as(lanes.err()).isZero();
    JsonNode rows = json.readTree(lanes.out()); // the whole of stdout is one document
    assertThat(rows.get(1).get("lagEvents").isIntegralNumber()).isTrue();
    assertThat(rows.get(1).get("partitions").get(0).get("end").isIntegralNumber()).isTrue();

    Run show =
        child(
            "dlq",
            "show",
            "--config",
            config.toString(),
            "--pipeline",
            "orders",
            "--handler",
            "ledger");
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.lines())
        .isNotEmpty()
        .allSatisfy(
            l -> {
              JsonNode n = json.readTree(l);
              assertThat(n.get("offset").isIntegralNumber()).isTrue();
              // counts, offsets and times are JSON numbers, in the headers too
              assertThat(n.get("headers").get("tributary.attempts").isIntegralNumber())
                  .as(l)
                  .isTrue();
              assertThat(n.get("headers").get("tributary.source.offset").isIntegralNumber())
                  .as(l)
                  .isTrue();
              assertThat(n.get("headers").get("tributary.source.topic").isTextual()).as(l).isTrue();
            });
  }

  static Run child(String... args) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classpath,
                TributaryCli.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", args)).isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}

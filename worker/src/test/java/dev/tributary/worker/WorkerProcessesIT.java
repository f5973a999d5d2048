package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes (separate JVMs) run one configuration against one external broker: both get
 * lane partitions, every event is delivered exactly once across them, and SIGTERM stops each
 * cleanly with exit code 0.
 */
class WorkerProcessesIT {
  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  private Process worker(Path config, String name, int httpPort) throws Exception {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-cp",
            classpath,
            TributaryCli.class.getName(),
            "worker",
            "--config",
            config.toString());
    pb.environment().put("WORKER_ID", name);
    pb.environment().put("STATE_DIR", dir.resolve(name + "-state").toString());
    pb.environment().put("LEDGER_FILE", dir.resolve(name + ".ledger").toString());
    pb.environment().put("HTTP_PORT", Integer.toString(httpPort));
    pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  @Test
  void shouldShareTheWorkAcrossTwoProcessesAndStopCleanlyOnSigterm() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic(Topics.changeTopic("Orders"), 8);
      Path config = dir.resolve("tributary.yaml");
      Files.writeString(
          config,
          """
          worker:
            id: ${WORKER_ID}
            state-dir: ${STATE_DIR}
            http: {host: 127.0.0.1, port: "${HTTP_PORT}"}
            shutdown-timeout: 60s
            logging: {format: json}
          kafka:
            bootstrap-servers: %s
            partitions: 8
          pipelines:
            - name: orders
              sources: [Orders]
              handlers:
                ledger:
                  type: test-ledger
                  config: {path: "${LEDGER_FILE}"}
                  route: always
                  batch: {size: 20, window: 50ms}
          """
              .formatted(kafka.bootstrapServers()));
      int portA = WorkerIT.freePort();
      int portB = WorkerIT.freePort();
      Process a = worker(config, "a", portA);
      Process b = worker(config, "b", portB);

      ObjectMapper json = new ObjectMapper();
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptionsInstanceOf(ConnectException.class)
          .untilAsserted(
              () -> {
                if (!a.isAlive() || !b.isAlive()) {
                  throw new IllegalStateException(
                      "a worker died: " + tail("a") + "\n---\n" + tail("b"));
                }
                for (int port : new int[] {portA, portB}) {
                  var ready = WorkerIT.get(port, "/health/ready");
                  assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                }
              });
      Set<Integer> partsA =
          lanePartitions(json.readTree(WorkerIT.get(portA, "/health/ready").body()));
      Set<Integer> partsB =
          lanePartitions(json.readTree(WorkerIT.get(portB, "/health/ready").body()));
      assertThat(partsA).isNotEmpty();
      assertThat(partsB).isNotEmpty().doesNotContainAnyElementsOf(partsA);

      List<ChangeEvent> events =
          IntStream.range(0, 400).mapToObj(i -> TestEvents.insert("C-" + (i % 97), i + 1)).toList();
      TestEvents.publish(kafka.bootstrapServers(), Topics.changeTopic("Orders"), events);
      Path ledgerA = dir.resolve("a.ledger");
      Path ledgerB = dir.resolve("b.ledger");
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> WorkerIT.lines(ledgerA).size() + WorkerIT.lines(ledgerB).size() >= 400);

      a.destroy(); // SIGTERM
      b.destroy();
      assertThat(a.waitFor(90, TimeUnit.SECONDS)).as("a stopped").isTrue();
      assertThat(b.waitFor(90, TimeUnit.SECONDS)).as("b stopped").isTrue();
      assertThat(a.exitValue()).as("exit code of a; log " + dir.resolve("a.log")).isZero();
      assertThat(b.exitValue()).as("exit code of b").isZero();

      List<String> all = new ArrayList<>(WorkerIT.lines(ledgerA));
      all.addAll(WorkerIT.lines(ledgerB));
      assertThat(WorkerIT.lines(ledgerA)).isNotEmpty();
      assertThat(WorkerIT.lines(ledgerB)).isNotEmpty();
      assertThat(all)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(events.stream().map(ChangeEvent::eventId).toList());
      String log = Files.readString(dir.resolve("a.log"));
      assertThat(log.lines().filter(l -> l.contains("Worker stopped in")).findFirst())
          .isPresent()
          .get()
          .satisfies(l -> assertThat(json.readTree(l).get("level").asText()).isEqualTo("INFO"));
    }
  }

  @Test
  void shouldFinishAndCommitTheBatchInFlightOnSigterm() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic(Topics.changeTopic("Orders"), 2);
      Path config = dir.resolve("tributary.yaml");
      Files.writeString(
          config,
          """
          worker:
            id: ${WORKER_ID}
            state-dir: ${STATE_DIR}
            http: {host: 127.0.0.1, port: "${HTTP_PORT}"}
            shutdown-timeout: 60s
          kafka:
            bootstrap-servers: %s
          pipelines:
            - name: orders
              sources: [Orders]
              handlers:
                ledger:
                  type: test-ledger
                  config: {path: "${LEDGER_FILE}", delay-ms: 300}
                  route: always
                  batch: {size: 10, window: 10ms}
          """
              .formatted(kafka.bootstrapServers()));
      List<ChangeEvent> events =
          IntStream.range(0, 300).mapToObj(i -> TestEvents.insert("C-" + (i % 31), i + 1)).toList();
      TestEvents.publish(kafka.bootstrapServers(), Topics.changeTopic("Orders"), events);
      Path ledger = dir.resolve("w.ledger");
      Process first = worker(config, "w", WorkerIT.freePort());
      await()
          .atMost(Duration.ofMinutes(3))
          .until(
              () -> {
                if (!first.isAlive()) {
                  throw new IllegalStateException("the worker died: " + tail("w"));
                }
                return WorkerIT.lines(ledger).size() >= 40;
              });
      first.destroy(); // SIGTERM while batches of 10 take 300 ms each
      assertThat(first.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as(tail("w")).isZero();
      int handledBeforeStop = WorkerIT.lines(ledger).size();
      assertThat(handledBeforeStop).isLessThan(300);
      assertThat(Files.readString(dir.resolve("w.log"))).contains("Worker stopped in");

      Process second = worker(config, "w", WorkerIT.freePort()); // same id and state: a restart
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> WorkerIT.lines(ledger).size() >= 300 || !second.isAlive());
      second.destroy();
      assertThat(second.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).isZero();
      // Every batch handled before the stop was committed: the restart delivered none of them
      // again.
      assertThat(WorkerIT.lines(ledger))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(events.stream().map(ChangeEvent::eventId).toList());
    }
  }

  private String tail(String name) throws IOException {
    List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
  }

  private static Set<Integer> lanePartitions(JsonNode ready) {
    Set<Integer> out = new HashSet<>();
    ready
        .get("assignments")
        .get(Topics.laneTopic("orders", "ledger"))
        .forEach(n -> out.add(n.asInt()));
    return out;
  }

  static String separator() {
    return File.pathSeparator;
  }
}

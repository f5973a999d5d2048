package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The worker from its YAML, in this JVM: embedded broker and engine, relay, pipeline, health,
 * metrics.
 */
class WorkerIT {
  @TempDir Path dir;

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }

  @Test
  void shouldRunTheConfigurationServeHealthAndMetricsAndStopCleanly() throws Exception {
    int http = freePort();
    Path ledger = dir.resolve("ledger.txt");
    Path config = dir.resolve("tributary.yaml");
    Files.writeString(
        config,
        """
        worker:
          id: it-1
          http: {host: 127.0.0.1, port: %d}
          lag-interval: 500ms
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
              ledger:
                type: test-ledger
                config: {path: "${LEDGER_FILE:-%s}"}
                route: insert
                batch: {size: 50, window: 50ms}
        """
            .formatted(http, ledger));
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    WorkerCommand command = cli.getSubcommands().get("worker").getCommand();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> cli.execute("worker", "--config", config.toString()));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                exit.isDone()
                    || (command.worker != null && command.worker.state() == Worker.State.RUNNING));
    assertThat(exit).isNotDone();
    assertThat(get(http, "/health/live").statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              HttpResponse<String> ready = get(http, "/health/ready");
              assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            });

    TributaryEngine engine = command.worker.engine().orElseThrow();
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("customerId", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    for (int i = 0; i < 20; i++) {
      engine.putItem(
          PutItemRequest.builder(
                  "Orders", Item.builder().s("customerId", "C-" + i).n("total", i).build())
              .build());
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> lines(ledger).size() >= 20);
    assertThat(lines(ledger)).hasSize(20).doesNotHaveDuplicates();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              String metrics = get(http, "/metrics").body();
              assertThat(metrics)
                  .contains(
                      "tributary_handler_events_in_total{handler=\"ledger\",pipeline=\"orders\"} 20.0");
              assertThat(metrics)
                  .contains(
                      "tributary_handler_events_out_total{handler=\"ledger\",pipeline=\"orders\"} 20.0");
              assertThat(metrics)
                  .contains(
                      "tributary_handler_batch_seconds_bucket{handler=\"ledger\",pipeline=\"orders\"");
              assertThat(metrics)
                  .contains(
                      "tributary_lane_lag_events{handler=\"ledger\",pipeline=\"orders\"} 0.0");
              assertThat(metrics)
                  .contains(
                      "tributary_runner_dead_lettered_total{handler=\"ledger\",pipeline=\"orders\"} 0.0");
              assertThat(metrics).contains("tributary_relay_lag_sequences{relay=\"main\"} 0.0");
            });
    assertThat(get(http, "/nope").statusCode()).isEqualTo(404);

    command.stop.countDown();
    assertThat(exit.get(2, TimeUnit.MINUTES)).isZero();
    assertThat(command.worker.state()).isEqualTo(Worker.State.STOPPED);
  }
}

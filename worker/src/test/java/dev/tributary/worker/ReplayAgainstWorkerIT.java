package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.core.Item;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.local.LocalSmtp;
import dev.tributary.worker.CliCommandsIT.Run;
import dev.tributary.worker.config.WorkerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary replay} with a worker on embedded Kafka: while the worker runs, the replay is
 * run by that worker (which has the email handler's sent-ledger open, so nothing is mailed twice);
 * once it has stopped, replay starts the worker's embedded broker from its directory itself.
 */
class ReplayAgainstWorkerIT {
  @TempDir Path dir;

  @Test
  void shouldReplayThroughARunningWorkerAndFromAStoppedOnesBroker() throws Exception {
    try (LocalSmtp smtp = LocalSmtp.builder().start()) {
      int http = WorkerIT.freePort();
      Path config = dir.resolve("tributary.yaml");
      Files.writeString(
          config,
          """
          worker:
            id: replay-1
            state-dir: state
            http: {host: 127.0.0.1, port: %d}
            shutdown-timeout: 60s
          kafka:
            embedded: {data-dir: kafka}
            partitions: 2
          engine:
            embedded:
              data-dir: engine
              sync: false
              tables:
                - {name: Orders, partition-key: customerId}
          sources:
            - type: engine-relay
              id: main
          pipelines:
            - name: orders
              sources: [Orders]
              handlers:
                email:
                  type: email
                  route: insert
                  config:
                    smtp: {host: 127.0.0.1, port: %d}
                    from: orders@shop.example
                    to-attribute: email
                    subject: "Order {{newImage.customerId}}"
                    body: "Thanks."
                    ledger: {path: sent.ledger}
                  batch: {size: 10, window: 50ms}
          """
              .formatted(http, smtp.port()));
      try (Worker worker = Worker.start(WorkerConfig.load(config))) {
        for (int i = 1; i <= 3; i++) {
          worker
              .engine()
              .orElseThrow()
              .putItem(
                  PutItemRequest.of(
                      "Orders",
                      Item.builder()
                          .s("customerId", "C-" + i)
                          .s("email", "c" + i + "@example.com")
                          .build()));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> smtp.messages().size() == 3);

        long t0 = System.nanoTime();
        Run running =
            CliCommandsIT.run(
                "replay",
                "--config",
                config.toString(),
                "--pipeline",
                "orders",
                "--handler",
                "email",
                "--from",
                "2020-01-01");
        assertThat(running.code()).as(running.err()).isZero();
        assertThat(running.err())
            .contains("A worker is running with this configuration (http://127.0.0.1:" + http + ")")
            .contains("Replayed orders/email from the lane: read 3, delivered 3");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        assertThat(smtp.messages()).hasSize(3); // the worker's ledger knew them
      }

      long t0 = System.nanoTime();
      Run stopped =
          CliCommandsIT.run(
              "replay",
              "--config",
              config.toString(),
              "--pipeline",
              "orders",
              "--handler",
              "email",
              "--from",
              "2020-01-01");
      assertThat(stopped.code()).as(stopped.err()).isZero();
      assertThat(stopped.err())
          .contains("The worker is stopped: started its embedded Kafka broker from")
          .contains("Replayed orders/email from the lane: read 3, delivered 3");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(45));
      assertThat(smtp.messages()).hasSize(3); // the ledger, reopened, still knows them
    }
  }
}

package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.local.LocalPostgres;
import dev.tributary.worker.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose source is {@code debezium-postgres} (a real Postgres) delivers row inserts to a
 * handler.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerDebeziumIT {
  @TempDir Path dir;

  @Test
  void shouldDeliverAPostgresRowInsertToAHandler() throws Exception {
    LocalPostgres pg = LocalPostgres.shared();
    pg.createDatabase("worker_shop");
    try (Connection c = pg.connect("worker_shop");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL)");
      s.execute("INSERT INTO orders VALUES (1, 'before-start')");
    }
    Path ledger = dir.resolve("ledger.txt");
    Path config = dir.resolve("tributary.yaml");
    Files.writeString(
        config,
        """
        worker:
          http: {enabled: false}
        kafka:
          embedded: {data-dir: kafka}
          partitions: 1
        sources:
          - type: debezium-postgres
            id: worker-shop
            host: %s
            port: %d
            user: %s
            password: ${PG_PASSWORD}
            database: worker_shop
            tables: [public.orders]
            heartbeat-interval: 1s
        pipelines:
          - name: orders
            sources: [public.orders]
            handlers:
              ledger:
                type: test-ledger
                config: {path: "%s"}
                route: always
        """
            .formatted(pg.host(), pg.port(), pg.user(), ledger));
    WorkerConfig c = WorkerConfig.load(config, Map.of("PG_PASSWORD", pg.password())::get);
    try (Worker worker = Worker.start(c)) {
      await().atMost(Duration.ofMinutes(2)).until(() -> lines(ledger).size() >= 1);
      assertThat(lines(ledger)).singleElement().satisfies(l -> assertThat(l).endsWith(" snapshot"));
      try (Connection conn = pg.connect("worker_shop");
          Statement s = conn.createStatement()) {
        s.execute("INSERT INTO orders VALUES (2, 'live')");
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> lines(ledger).size() >= 2);
      assertThat(worker.failure()).isEmpty();
    }
    assertThat(lines(ledger)).hasSize(2).doesNotHaveDuplicates();
    assertThat(lines(ledger).get(1)).doesNotEndWith(" snapshot");
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}

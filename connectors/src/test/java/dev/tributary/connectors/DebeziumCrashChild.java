package dev.tributary.connectors;

import java.time.Duration;
import java.util.Map;

/**
 * The child JVM of {@link DebeziumCrashIT}: runs one Debezium source until it is killed.
 *
 * <p>Arguments: kind (postgres | mariadb), bootstrap servers, host, port, user, password, database,
 * table, source id. Prints {@code STARTED} once the source runs.
 */
public final class DebeziumCrashChild {
  private DebeziumCrashChild() {}

  public static void main(String[] a) throws Exception {
    Map<String, Object> kafka = Map.of("bootstrap.servers", a[1]);
    DebeziumSource.Builder b =
        a[0].equals("postgres") ? DebeziumSource.postgres(kafka) : DebeziumSource.mariadb(kafka);
    DebeziumSource source =
        b.sourceId(a[8])
            .connection(a[2], Integer.parseInt(a[3]), a[4], a[5])
            .database(a[6])
            .tables(a[7])
            .changeTopicPartitions(2)
            .heartbeatInterval(Duration.ofSeconds(1))
            .build()
            .start();
    System.out.println("STARTED");
    while (source.failure().isEmpty()) {
      Thread.sleep(200);
    }
    System.out.println("FAILED " + source.failure().get());
    System.exit(1);
  }
}

package dev.tributary.examples.postgres;

import dev.tributary.connectors.DebeziumSource;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.examples.ExampleDirs;
import dev.tributary.local.LocalPostgres;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

/**
 * A pipeline fed by Postgres: {@link LocalPostgres} (Debian's {@code postgresql}, {@code
 * wal_level=logical}) holds {@code customers} and {@code orders}; a {@link DebeziumSource} reads an
 * initial snapshot and then the logical replication stream into Kafka ({@link EmbeddedKafka});
 * {@link PipelineRuntime} routes each change to handlers that print what they receive.
 */
public final class PostgresPipelineExample {
  static final String DATABASE = "shop";
  static final String PIPELINE = "shop";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final PrintStream out;

  public PostgresPipelineExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path dir = ExampleDirs.fromArgs(args, "postgres-pipeline");
    try {
      new PostgresPipelineExample(System.out).run(dir);
    } finally {
      ExampleDirs.deleteTemporary(args, dir);
    }
  }

  /** Prints every event it receives, prefixed with its name; counts them. */
  static final class PrintingHandler implements ChangeHandler {
    private final String name;
    private final PrintStream out;
    private final AtomicInteger received;

    PrintingHandler(String name, PrintStream out, AtomicInteger received) {
      this.name = name;
      this.out = out;
      this.received = received;
    }

    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      for (ChangeEvent e : batch) {
        out.println("  " + name + ": " + describe(e));
        received.incrementAndGet();
      }
      return BatchResult.success();
    }
  }

  public void run(Path dir) throws Exception {
    out.println("Starting Postgres (Debian's postgresql, wal_level=logical)...");
    try (LocalPostgres pg = LocalPostgres.builder().runDirectory(dir.resolve("postgres")).start()) {
      pg.createDatabase(DATABASE);
      try (Connection db = pg.connect(DATABASE)) {
        sql(
            db,
            "CREATE TABLE customers (id text PRIMARY KEY, name text NOT NULL, email text NOT NULL)",
            "CREATE TABLE orders (id text PRIMARY KEY, customer_id text NOT NULL REFERENCES customers,"
                + " status text NOT NULL, total numeric(10,2) NOT NULL)",
            // old images of every column on UPDATE and DELETE, so transitions can be seen
            "ALTER TABLE customers REPLICA IDENTITY FULL",
            "ALTER TABLE orders REPLICA IDENTITY FULL",
            "INSERT INTO customers VALUES ('C-1', 'Alice', 'alice@example.com'), ('C-2', 'Bob', 'bob@example.com')",
            "INSERT INTO orders VALUES ('ORD-1', 'C-1', 'PENDING', 299.99), ('ORD-2', 'C-2', 'PENDING', 45.50)");
        out.println(
            "Postgres "
                + pg.version()
                + " on port "
                + pg.port()
                + ": 2 customers and 2 orders written before the source starts");

        out.println("Starting Kafka (embedded KRaft), the Debezium source and the pipeline...");
        AtomicInteger changes = new AtomicInteger();
        AtomicInteger shipped = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        Pipeline pipeline =
            Pipeline.builder(PIPELINE)
                .source("public.customers", "public.orders")
                .route(
                    "changes",
                    Routes.always(),
                    HandlerSpec.of(() -> new PrintingHandler("changes", out, changes)))
                .route(
                    "shipping",
                    Events.transition(
                        "status", AttributeValue.s("PENDING"), AttributeValue.s("SHIPPED")),
                    HandlerSpec.of(() -> new PrintingHandler("shipping", out, shipped)))
                .route(
                    "cancellations",
                    Routes.onRemove(),
                    HandlerSpec.of(() -> new PrintingHandler("cancellations", out, removed)))
                .build();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
            DebeziumSource source =
                DebeziumSource.postgres(kafka.clientConfig())
                    .sourceId("shop")
                    .connection(pg.host(), pg.port(), pg.user(), pg.password())
                    .database(DATABASE)
                    .tables("public.customers", "public.orders")
                    .changeTopicPartitions(2)
                    .build()
                    .start();
            PipelineRuntime runtime =
                PipelineRuntime.builder(kafka.bootstrapServers())
                    .pipeline(pipeline)
                    .stateDir(dir.resolve("streams"))
                    .partitions(2)
                    .runnerId("example")
                    .start()) {
          out.println("The initial snapshot, as the handlers receive it:");
          await("the snapshot", changes::get, 4, source);

          out.println(
              "Live changes: ORD-3 inserted, ORD-1 shipped, Bob's email changed, ORD-2 deleted:");
          sql(
              db,
              "INSERT INTO orders VALUES ('ORD-3', 'C-1', 'PENDING', 12.00)",
              "UPDATE orders SET status = 'SHIPPED' WHERE id = 'ORD-1'",
              "UPDATE customers SET email = 'bob@example.org' WHERE id = 'C-2'",
              "DELETE FROM orders WHERE id = 'ORD-2'");
          await("the live changes", changes::get, 8, source);
          await("the shipment", shipped::get, 1, source);
          await("the deletion", removed::get, 1, source);

          out.println();
          out.println(
              "Handled: changes "
                  + changes.get()
                  + " (4 from the snapshot), shipping "
                  + shipped.get()
                  + ", cancellations "
                  + removed.get());
        }
      }
    }
  }

  private static void sql(Connection db, String... statements) throws SQLException {
    try (Statement s = db.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static void await(String what, IntSupplier count, int expected, DebeziumSource source)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (count.getAsInt() < expected) {
      if (source.failure().isPresent()) {
        throw new IllegalStateException(
            "the Debezium source failed: " + source.failure().get().getMessage());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not reach the handlers within " + WAIT);
      }
      Thread.sleep(50);
    }
  }

  /** e.g. {@code MODIFY public.orders ORD-1 {status=PENDING -> SHIPPED}}. */
  static String describe(ChangeEvent e) {
    var record = e.dynamodb();
    String table = e.eventSourceArn().replaceAll(".*/schema/([^/]+)/table/([^/]+)$", "$1.$2");
    String key =
        record.keys().values().stream()
            .map(PostgresPipelineExample::text)
            .collect(Collectors.joining(","));
    Map<String, AttributeValue> before = record.oldImage().orElse(Map.of());
    Map<String, AttributeValue> after = record.newImage().orElse(Map.of());
    String body =
        switch (e.eventName()) {
          case INSERT -> show(after);
          case REMOVE -> show(before);
          case MODIFY -> {
            Map<String, String> diff = new TreeMap<>();
            after.forEach(
                (k, v) -> {
                  if (!v.equals(before.get(k))) {
                    diff.put(
                        k, (before.containsKey(k) ? text(before.get(k)) : "-") + " -> " + text(v));
                  }
                });
            yield diff.toString();
          }
        };
    return e.eventName()
        + " "
        + table
        + " "
        + key
        + " "
        + body
        + (e.snapshot() ? " (snapshot)" : "");
  }

  private static String show(Map<String, AttributeValue> image) {
    Map<String, String> shown = new TreeMap<>();
    image.forEach((k, v) -> shown.put(k, text(v)));
    return shown.toString();
  }

  private static String text(AttributeValue v) {
    if (v instanceof AttributeValue.S s) {
      return s.value();
    }
    if (v instanceof AttributeValue.N n) {
      return n.value().toPlainString();
    }
    return String.valueOf(v);
  }
}

package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.ChangeTopicReader.Read;
import dev.tributary.connectors.servers.LocalDatabases;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.local.LocalMariaDb;
import dev.tributary.local.LocalPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Debezium source in a child JVM is killed with SIGKILL while the database is being written and
 * started again: the change topic holds every change (at least once; a redelivery carries the same
 * eventID and SequenceNumber), and a pipeline's lane receives each change exactly once, also when
 * records are delivered to the change topic again.
 */
@Tag("slow")
@ExtendWith(LocalDatabases.class)
class DebeziumCrashIT {
  private static final int TRANSACTIONS = 600;
  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.get();
  }

  @Test
  void postgresShouldLoseNothingAcrossASigkill(LocalPostgres pg) throws Exception {
    pg.createDatabase("pg_crash");
    try (Connection c = pg.connect("pg_crash")) {
      sql(
          c,
          "CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)",
          "ALTER TABLE counters REPLICA IDENTITY FULL");
      run(
          c,
          "public.counters",
          List.of(
              "postgres",
              kafka.bootstrapServers(),
              pg.host(),
              Integer.toString(pg.port()),
              pg.user(),
              pg.password(),
              "pg_crash",
              "public.counters",
              "pg-crash"));
    }
  }

  @Test
  void mariadbShouldLoseNothingAcrossASigkill(LocalMariaDb db) throws Exception {
    db.createDatabase("maria_crash");
    try (Connection c = db.connect("maria_crash")) {
      sql(c, "CREATE TABLE counters (id INT PRIMARY KEY, n INT NOT NULL)");
      run(
          c,
          "maria_crash.counters",
          List.of(
              "mariadb",
              kafka.bootstrapServers(),
              db.host(),
              Integer.toString(db.port()),
              db.user(),
              db.password(),
              "maria_crash",
              "maria_crash.counters",
              "maria-crash"));
    }
  }

  private void run(Connection c, String table, List<String> childArgs) throws Exception {
    String topic = Topics.changeTopic(table);
    long t0 = System.nanoTime();
    Child first = Child.start(childArgs);
    first.await("STARTED", 120);
    // the source streams once the first row shows up in the topic
    sql(c, "INSERT INTO counters VALUES (0, 0)");
    Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> SourceTopics.exists(kafka.bootstrapServers(), topic) && committed(topic) >= 1);

    AtomicInteger written = new AtomicInteger();
    AtomicReference<Throwable> writerFailure = new AtomicReference<>();
    Thread writer = new Thread(() -> write(c, written, writerFailure), "writer");
    writer.start();
    Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> committed(topic) >= 300 || !first.process.isAlive());
    first.process.destroyForcibly(); // SIGKILL
    assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long atKill = committed(topic);
    System.out.printf(
        "%s: killed the source after %d committed records, %d transactions written, at %d ms%n",
        table, atKill, written.get(), ms(t0));
    Thread.sleep(1000);
    Child second = Child.start(childArgs);
    second.await("STARTED", 120);
    writer.join(TimeUnit.MINUTES.toMillis(5));
    assertThat(writerFailure.get()).isNull();
    int expected = 1 + 2 * TRANSACTIONS;
    List<Read> reads;
    try {
      Awaitility.await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  distinctChanges(ChangeTopicReader.readAll(kafka.bootstrapServers(), topic)).size()
                      >= expected);
      reads = ChangeTopicReader.readAll(kafka.bootstrapServers(), topic);
    } finally {
      second.process.destroyForcibly();
      second.process.waitFor(30, TimeUnit.SECONDS);
    }
    // every change is there; a change found twice is the same event (same id and sequence)
    Map<String, Read> byChange = new HashMap<>();
    int redelivered = 0;
    for (Read r : reads) {
      Read earlier = byChange.putIfAbsent(change(r.event()), r);
      if (earlier != null) {
        redelivered++;
        assertThat(r.event().eventId()).isEqualTo(earlier.event().eventId());
        assertThat(r.event().dynamodb().sequenceNumber())
            .isEqualTo(earlier.event().dynamodb().sequenceNumber());
      }
    }
    assertThat(byChange.keySet()).isEqualTo(expectedChanges());
    assertSequencesGrowPerKey(reads);
    System.out.printf(
        "%s: %d changes in the topic, %d of them redelivered, at %d ms%n",
        table, reads.size(), redelivered, ms(t0));

    // the topology drops redeliveries: each change reaches the lane once, even after copies of
    // already published records are delivered again
    redeliver(topic, reads.subList(reads.size() / 2, reads.size() / 2 + 100));
    List<ChangeEvent> received = new CopyOnWriteArrayList<>();
    Pipeline pipeline =
        Pipeline.builder("crash-" + table.replace('.', '-'))
            .source(table)
            .route("recorder", Routes.always(), HandlerSpec.of(() -> new Recorder(received)))
            .build();
    try (PipelineRuntime runtime =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(pipeline)
            .stateDir(dir.resolve("streams-" + table))
            .runnerId("it")
            .start()) {
      assertThat(runtime.awaitCaughtUp(Duration.ofMinutes(3))).isTrue();
      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> received.size() >= expected);
      Thread.sleep(2000);
    }
    Set<String> ids = new HashSet<>();
    received.forEach(
        e -> assertThat(ids.add(e.eventId())).as("delivered once: %s", e.eventId()).isTrue());
    assertThat(received).hasSize(expected);
    System.out.printf(
        "%s: the lane received %d changes once each; total %d ms%n",
        table, received.size(), ms(t0));
  }

  /**
   * The writes: transaction i inserts row i and increments row i-1, so every key sees INSERT then
   * MODIFY.
   */
  private static void write(
      Connection c, AtomicInteger written, AtomicReference<Throwable> failure) {
    try {
      c.setAutoCommit(false);
      for (int i = 1; i <= TRANSACTIONS; i++) {
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO counters VALUES (" + i + ", 0)");
          s.execute("UPDATE counters SET n = n + 1 WHERE id = " + (i - 1));
        }
        c.commit();
        written.incrementAndGet();
      }
      c.setAutoCommit(true);
    } catch (SQLException | RuntimeException e) {
      failure.set(e);
    }
  }

  private static Set<String> expectedChanges() {
    Set<String> out = new HashSet<>();
    for (int i = 0; i <= TRANSACTIONS; i++) {
      out.add("INSERT " + i);
      if (i < TRANSACTIONS) {
        out.add("MODIFY " + i);
      }
    }
    return out;
  }

  private static String change(ChangeEvent e) {
    AttributeValue id = e.dynamodb().keys().get("id");
    return e.eventName() + " " + ((AttributeValue.N) id).value().toPlainString();
  }

  private static Set<String> distinctChanges(List<Read> reads) {
    Set<String> out = new HashSet<>();
    reads.forEach(r -> out.add(change(r.event())));
    return out;
  }

  private static void assertSequencesGrowPerKey(List<Read> reads) {
    Map<String, String> last = new HashMap<>();
    List<Read> sorted = new ArrayList<>(reads);
    sorted.sort(Comparator.comparingInt(Read::partition).thenComparingLong(Read::offset));
    for (Read r : sorted) {
      String seq = r.event().dynamodb().sequenceNumber();
      String before = last.put(r.key(), seq);
      if (before != null && !before.equals(seq)) {
        assertThat(seq).as("sequence of %s after %s", r.key(), before).isGreaterThan(before);
      }
    }
  }

  private static void redeliver(String topic, List<Read> reads) {
    Map<String, Object> p =
        Map.of(
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "key.serializer",
            ByteArraySerializer.class,
            "value.serializer",
            ByteArraySerializer.class);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      for (Read r : reads) {
        ProducerRecord<byte[], byte[]> rec =
            new ProducerRecord<>(
                topic,
                r.partition(),
                r.key().getBytes(StandardCharsets.UTF_8),
                ChangeEventSerde.toBytes(r.event()));
        r.headers().forEach((k, v) -> rec.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(rec);
      }
      producer.flush();
    }
  }

  private static long committed(String topic) {
    return ChangeTopicReader.readAll(kafka.bootstrapServers(), topic).size();
  }

  private static void sql(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** Records what a lane's runner delivers. */
  private static final class Recorder implements ChangeHandler {
    private final List<ChangeEvent> received;

    Recorder(List<ChangeEvent> received) {
      this.received = received;
    }

    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      received.addAll(batch);
      return BatchResult.success();
    }
  }

  /** A child JVM running {@link DebeziumCrashChild}. */
  private record Child(Process process, LinkedBlockingQueue<String> lines) {
    static Child start(List<String> args) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd =
          new ArrayList<>(
              List.of(
                  java,
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  DebeziumCrashChild.class.getName()));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread pump =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    if (!l.startsWith("\tat ")
                        && (l.contains("ERROR")
                            || (l.contains("WARN  [") && l.contains("d.t.c"))
                            || l.startsWith("STARTED")
                            || l.startsWith("FAILED"))) {
                      System.out.println("[child] " + l);
                    }
                  }
                } catch (IOException e) {
                  // the child died
                }
              },
              "child-output");
      pump.setDaemon(true);
      pump.start();
      return new Child(p, lines);
    }

    void await(String line, int timeoutSeconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
      while (System.nanoTime() < deadline) {
        String l = lines.poll(1, TimeUnit.SECONDS);
        if (line.equals(l)) {
          return;
        }
      }
      throw new AssertionError(
          "no "
              + line
              + " from the child within "
              + timeoutSeconds
              + " s (alive: "
              + process.isAlive()
              + ")");
    }
  }
}

package dev.tributary.bench;

import dev.tributary.connectors.DebeziumSource;
import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.local.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Postgres via Debezium vs the table engine via the relay, same run, same events: each write is one
 * committed row / item of three strings ({@code pk}, {@code sk}, a {@code pad} of the given size),
 * 1000 partition keys, published to a 4-partition change topic and read back by a {@code
 * read_committed} consumer. Latency = the consumer's clock when it holds the record − the event's
 * {@code ApproximateCreationDateTime} (the engine stamps it in the write's batch; Postgres' commit
 * time as logged in the WAL), in ms. Phases per source: all-out (a writer as fast as it can,
 * measured until the consumer has all), then a fixed write rate.
 *
 * <p>Run (as root, the Postgres from Debian's package runs as an unprivileged user): {@code mvn -q
 * -pl benchmarks -am package -DskipTests && java -cp benchmarks/target/benchmarks.jar
 * dev.tributary.bench.DebeziumLatencyBenchmark [events] [rate/s] [seconds] [payload bytes]}
 */
public final class DebeziumLatencyBenchmark {
  private DebeziumLatencyBenchmark() {}

  interface Writer {
    void write(int i) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int payload = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    String pad = "x".repeat(payload);
    Path dir = Files.createTempDirectory("debezium-bench");
    LocalPostgres pg = LocalPostgres.builder().runDirectory(dir.resolve("postgres")).start();
    pg.createDatabase("bench");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        TributaryEngine engine =
            TributaryEngine.open(
                EngineOptions.builder(dir.resolve("engine")).syncWrites(false).build());
        Connection db = pg.connect("bench")) {
      System.out.printf(
          "events=%d rate=%d/s x %d s payload=%dB cores=%d%n",
          events, rate, seconds, payload, Runtime.getRuntime().availableProcessors());
      try (Statement s = db.createStatement()) {
        for (String t : List.of("throughput", "latency")) {
          s.execute("CREATE TABLE " + t + " (pk text, sk text, pad text, PRIMARY KEY (pk, sk))");
          s.execute("ALTER TABLE " + t + " REPLICA IDENTITY FULL");
        }
      }
      for (String t : List.of("EngineThroughput", "EngineLatency")) {
        engine.createTable(
            CreateTableRequest.builder(t)
                .partitionKey("pk", ScalarAttributeType.S)
                .sortKey("sk", ScalarAttributeType.S)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .build());
        kafka.createTopic(Topics.changeTopic(t), 4);
      }
      kafka.createTopic(Topics.changeTopic("public.throughput"), 4);
      kafka.createTopic(Topics.changeTopic("public.latency"), 4);
      PreparedStatement[] inserts = {
        db.prepareStatement("INSERT INTO throughput VALUES (?, ?, ?)"),
        db.prepareStatement("INSERT INTO latency VALUES (?, ?, ?)")
      };
      Writer[] postgres = new Writer[2];
      Writer[] relayed = new Writer[2];
      String[] engineTables = {"EngineThroughput", "EngineLatency"};
      for (int k = 0; k < 2; k++) {
        PreparedStatement ps = inserts[k];
        postgres[k] =
            i -> {
              ps.setString(1, "K" + (i % 1000));
              ps.setString(2, "S" + i);
              ps.setString(3, pad);
              ps.executeUpdate();
            };
        String table = engineTables[k];
        relayed[k] =
            i ->
                engine.putItem(
                    PutItemRequest.of(
                        table,
                        Item.builder()
                            .s("pk", "K" + (i % 1000))
                            .s("sk", "S" + i)
                            .s("pad", pad)
                            .build()));
      }
      try (EngineRelay relay =
              EngineRelay.builder(engine, kafka.clientConfig())
                  .relayId("bench")
                  .changeTopicPartitions(4)
                  .build()
                  .start();
          DebeziumSource source =
              DebeziumSource.postgres(kafka.clientConfig())
                  .sourceId("bench")
                  .connection(pg.host(), pg.port(), pg.user(), pg.password())
                  .database("bench")
                  .tables("public.throughput", "public.latency")
                  .changeTopicPartitions(4)
                  .build()
                  .start()) {
        // warm-up: both paths carry a first change before anything is measured
        run(kafka, "EngineThroughput", "relay warm-up", relayed[0], 0, 500, 0);
        run(kafka, "public.throughput", "debezium warm-up", postgres[0], 0, 500, 0);
        run(kafka, "EngineThroughput", "relay all-out", relayed[0], 500, events, 0);
        run(kafka, "public.throughput", "debezium all-out", postgres[0], 500, events, 0);
        // Debezium's own rate, without the one-row-per-commit writer as the limit: one transaction
        // of n rows, read from the WAL as fast as the source can
        int bulkFrom = 500 + events;
        Writer bulk =
            i -> {
              if (i == bulkFrom) {
                try (Statement s = db.createStatement()) {
                  s.execute(
                      "INSERT INTO throughput SELECT 'K' || (g % 1000), 'S' || g, repeat('x', "
                          + payload
                          + ") FROM generate_series("
                          + bulkFrom
                          + ", "
                          + (bulkFrom + events - 1)
                          + ") g");
                }
              }
            };
        run(kafka, "public.throughput", "debezium one-txn", bulk, bulkFrom, events, 0);
        run(kafka, "EngineLatency", "relay fixed-rate", relayed[1], 0, rate * seconds, rate);
        run(kafka, "public.latency", "debezium fixed-rate", postgres[1], 0, rate * seconds, rate);
      }
    } finally {
      pg.close();
    }
  }

  /**
   * Writes items {@code from..from+n-1} (at {@code rate}/s, or all-out when 0) and consumes them
   * back.
   */
  private static void run(
      EmbeddedKafka kafka, String table, String label, Writer writer, int from, int n, int rate)
      throws Exception {
    Histogram latency = new Histogram(600_000, 3);
    AtomicLong consumed = new AtomicLong();
    Thread consumer =
        new Thread(() -> consume(kafka, table, from, n, latency, consumed), "bench-consumer");
    consumer.start();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (rate > 0) {
        long due = t0 + (long) i * 1_000_000_000L / rate;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
      }
      writer.write(from + i);
    }
    long written = System.nanoTime() - t0;
    consumer.join();
    long total = System.nanoTime() - t0;
    System.out.printf(
        "%-20s n=%d rate=%s: writes %.0f/s; end-to-end %.0f events/s; source-commit-to-topic latency ms"
            + " p50=%d p99=%d p99.9=%d max=%d%n",
        label,
        n,
        rate == 0 ? "max" : rate + "/s",
        n / (written / 1e9),
        n / (total / 1e9),
        latency.getValueAtPercentile(50),
        latency.getValueAtPercentile(99),
        latency.getValueAtPercentile(99.9),
        latency.getMaxValue());
  }

  /**
   * Reads the topic from the offsets the earlier phases left, until {@code n} more records arrived.
   */
  private static void consume(
      EmbeddedKafka kafka, String table, int from, int n, Histogram latency, AtomicLong consumed) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(Topics.changeTopic(table)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (consumed.get() < n) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          ChangeEvent e = ChangeEventSerde.fromBytes(r.value());
          String sk = ((AttributeValue.S) e.dynamodb().keys().get("sk")).value();
          int i = Integer.parseInt(sk.substring(1));
          if (i < from || i >= from + n) {
            continue; // an earlier phase's record
          }
          long ms =
              System.currentTimeMillis()
                  - e.dynamodb().approximateCreationDateTime().toEpochMilli();
          latency.recordValue(Math.max(0, Math.min(ms, latency.getHighestTrackableValue())));
          consumed.incrementAndGet();
        }
      }
    }
  }
}

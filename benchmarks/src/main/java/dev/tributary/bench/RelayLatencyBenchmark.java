package dev.tributary.bench;

import dev.tributary.connectors.EngineRelay;
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
import java.nio.file.Path;
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
 * End-to-end harness for the engine relay: engine (RocksDB, temp dir) → relay (transactional
 * producer) → embedded broker → a read_committed consumer. Latency is source commit (the change
 * record's creation time, which the engine stamps in the write's batch) to the moment the consumer
 * holds the committed record, in milliseconds. Two phases: all-out throughput (writer as fast as it
 * can, measured until the consumer has every event), then latency at a fixed write rate.
 *
 * <p>Run: {@code mvn -q -pl benchmarks -am package -DskipTests && java -cp
 * benchmarks/target/benchmarks.jar dev.tributary.bench.RelayLatencyBenchmark [events] [rate/s]
 * [seconds] [payload bytes]}
 */
public final class RelayLatencyBenchmark {
  private RelayLatencyBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    int payload = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    Path dir = BenchDirs.create("relay");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        TributaryEngine engine =
            TributaryEngine.open(
                EngineOptions.builder(dir.resolve("engine")).syncWrites(false).build())) {
      System.out.printf(
          "events=%d payload=%dB cores=%d%n",
          events, payload, Runtime.getRuntime().availableProcessors());
      backlog(engine, kafka, events, payload);
      try (EngineRelay relay =
          EngineRelay.builder(engine, kafka.clientConfig())
              .relayId("bench")
              .changeTopicPartitions(4)
              .idleWait(Duration.ofMillis(Long.getLong("relay.idleWaitMs", 50)))
              .build()
              .start()) {
        run(engine, kafka, "Throughput", events, 0, payload);
        run(engine, kafka, "Latency", rate * seconds, rate, payload);
      }
    } finally {
      BenchDirs.delete(dir);
    }
  }

  /** The relay alone: {@code n} changes already in the log, published by a relay started after. */
  private static void backlog(TributaryEngine engine, EmbeddedKafka kafka, int n, int payload)
      throws Exception {
    String table = "Backlog";
    engine.createTable(
        CreateTableRequest.builder(table)
            .partitionKey("pk", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    kafka.createTopic(Topics.changeTopic(table), 4);
    String pad = "x".repeat(payload);
    for (int i = 0; i < n; i++) {
      engine.putItem(
          PutItemRequest.of(
              table,
              Item.builder().s("pk", "K" + (i % 1000)).s("sk", "S" + i).s("pad", pad).build()));
    }
    AtomicLong consumed = new AtomicLong();
    Thread consumer =
        new Thread(
            () -> consume(kafka, table, n, new Histogram(3_600_000, 3), consumed),
            "bench-consumer");
    long t0 = System.nanoTime();
    try (EngineRelay relay =
        EngineRelay.builder(engine, kafka.clientConfig())
            .relayId("backlog")
            .changeTopicPartitions(4)
            .build()
            .start()) {
      consumer.start();
      long published = 0;
      while (published < n) {
        Thread.sleep(1000);
        long p = relay.lag(table).map(l -> l.publishedSequence()).orElse(0L);
        System.out.printf(
            "  backlog: %d ms: published %d (+%d), consumed %d%n",
            (System.nanoTime() - t0) / 1_000_000, p, p - published, consumed.get());
        published = p;
      }
      consumer.join();
    }
    long total = System.nanoTime() - t0;
    engine.deleteTable(table); // the next phases' relay follows every table: keep it off this one
    System.out.printf(
        "%-10s n=%d: relay start to consumer holding all: %.0f events/s (%d ms)%n",
        table, n, n / (total / 1e9), total / 1_000_000);
  }

  /** Writes {@code n} items (at {@code rate}/s, or all-out when 0) and consumes them back. */
  private static void run(
      TributaryEngine engine, EmbeddedKafka kafka, String table, int n, int rate, int payload)
      throws Exception {
    engine.createTable(
        CreateTableRequest.builder(table)
            .partitionKey("pk", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    kafka.createTopic(Topics.changeTopic(table), 4);
    Histogram latency = new Histogram(60_000, 3);
    AtomicLong consumed = new AtomicLong();
    Thread consumer =
        new Thread(() -> consume(kafka, table, n, latency, consumed), "bench-consumer");
    consumer.start();
    String pad = "x".repeat(payload);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (rate > 0) {
        long due = t0 + (long) i * 1_000_000_000L / rate;
        while (System.nanoTime() < due) {
          LockSupport.parkNanos(due - System.nanoTime());
        }
      }
      engine.putItem(
          PutItemRequest.of(
              table,
              Item.builder().s("pk", "K" + (i % 1000)).s("sk", "S" + i).s("pad", pad).build()));
    }
    long written = System.nanoTime() - t0;
    consumer.join();
    long total = System.nanoTime() - t0;
    System.out.printf(
        "%-10s n=%d rate=%s: writes %.0f/s; end-to-end %.0f events/s; source-commit-to-topic latency ms"
            + " p50=%d p99=%d p99.9=%d max=%d%n",
        table,
        n,
        rate == 0 ? "max" : rate + "/s",
        n / (written / 1e9),
        n / (total / 1e9),
        latency.getValueAtPercentile(50),
        latency.getValueAtPercentile(99),
        latency.getValueAtPercentile(99.9),
        latency.getMaxValue());
  }

  private static void consume(
      EmbeddedKafka kafka, String table, int n, Histogram latency, AtomicLong consumed) {
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
          long now = System.currentTimeMillis();
          ChangeEvent e = ChangeEventSerde.fromBytes(r.value());
          long ms = now - e.dynamodb().approximateCreationDateTime().toEpochMilli();
          latency.recordValue(Math.max(0, Math.min(ms, latency.getHighestTrackableValue())));
          consumed.incrementAndGet();
        }
      }
    }
  }
}

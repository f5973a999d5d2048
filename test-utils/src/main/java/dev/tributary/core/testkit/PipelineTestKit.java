package dev.tributary.core.testkit;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.pipeline.internal.EventTables;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.Lanes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs lanes against a real embedded Kafka broker in a temporary directory, for users' tests (as
 * Kafka Streams' test-utils do for topologies): produce change events, start runners for {@code
 * LaneSpec}s, inject faults with {@link Faults} (handler errors, a crash between effect and
 * commit), duplicate a delivery with {@link #duplicate}, and read lanes and dead-letter topics
 * back.
 *
 * <pre>{@code
 * try (PipelineTestKit kit = PipelineTestKit.start()) {
 *   kit.createTopic(lane.laneTopic(), 4);
 *   kit.produce(lane.laneTopic(), "ORDER#1", event);
 *   try (HandlerRunner runner = kit.run(lane)) {
 *     kit.awaitCaughtUp(lane, Duration.ofSeconds(30));
 *   }
 *   List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(lane.deadLetterTopic());
 * }
 * }</pre>
 */
public final class PipelineTestKit implements AutoCloseable {
  private final Path dir;
  private final boolean deleteOnClose;
  private final EmbeddedKafka kafka;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Lanes lanes;
  private final List<HandlerRunner> runners = new ArrayList<>();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  private PipelineTestKit(Path dir, boolean deleteOnClose) {
    this.dir = dir;
    this.deleteOnClose = deleteOnClose;
    this.kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    Map<String, Object> p = new HashMap<>(kafka.clientConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // The idempotent producer a relay uses: ordered and without duplicates across retries. It is
    // safe because createTopic waits until the broker serves the topic (see TopicReadiness).
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.lanes = Lanes.connect(kafka.bootstrapServers());
  }

  /** A broker in a new temporary directory, deleted on {@link #close()}. */
  public static PipelineTestKit start() {
    try {
      return new PipelineTestKit(Files.createTempDirectory("tributary-testkit"), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A broker with its data in {@code dir}, kept on close. */
  public static PipelineTestKit start(Path dir) {
    return new PipelineTestKit(Objects.requireNonNull(dir, "dir"), false);
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  public void createTopic(String topic, int partitions) {
    kafka.createTopic(topic, partitions);
  }

  /**
   * Produces a change event as Tributary's sources do: key = {@code key}, the routing headers
   * (event name, table, sequence, snapshot flag), so the topology takes the same path as in
   * production. The table is the one a change topic is named after, else the event's {@code
   * eventSourceARN}'s; with neither, only the event-name header is set.
   */
  public void produce(String topic, String key, ChangeEvent event) {
    Objects.requireNonNull(event, "event");
    RecordHeaders headers = new RecordHeaders();
    Optional<String> table = Topics.tableOfChangeTopic(topic).or(() -> EventTables.tableOf(event));
    if (table.isPresent()) {
      ChangeEventSerde.addRoutingHeaders(headers, event, table.get());
    } else {
      headers.add(
          ChangeEventSerde.HEADER_EVENT_NAME,
          event.eventName().name().getBytes(StandardCharsets.UTF_8));
    }
    send(
        new ProducerRecord<>(
            topic, null, null, bytes(key), ChangeEventSerde.toBytes(event), headers));
  }

  /** Produces raw bytes, e.g. a value that is not a change event. */
  public void produceRaw(String topic, String key, byte[] value) {
    send(new ProducerRecord<>(topic, bytes(key), value));
  }

  /** Makes buffered records visible: waits until the broker has acknowledged them. */
  public void flush() {
    producer.flush();
    Exception e = sendFailure.getAndSet(null);
    if (e != null) {
      throw new FatalException("A produced record failed: " + e, e);
    }
  }

  /**
   * Duplicate delivery: the record at {@code offset} of {@code topic}/{@code partition} is produced
   * again, with its key, value and headers, to the same partition.
   */
  public void duplicate(String topic, int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    try (KafkaConsumer<byte[], byte[]> c = reader()) {
      c.assign(List.of(tp));
      c.seek(tp, offset);
      long deadline = System.currentTimeMillis() + 10_000;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(100))) {
          if (r.offset() == offset) {
            send(new ProducerRecord<>(topic, partition, r.key(), r.value(), r.headers()));
            flush();
            return;
          }
        }
      }
    }
    throw new IllegalArgumentException("No record at " + tp + " offset " + offset);
  }

  /** Starts a runner of {@code lane} (creating the lane topic with one partition if missing). */
  public HandlerRunner run(LaneSpec lane) {
    return run(lane, HandlerRunner.builder(lane, bootstrapServers()));
  }

  /** Starts a runner configured by {@code builder} (from {@link HandlerRunner#builder}). */
  public HandlerRunner run(LaneSpec lane, HandlerRunner.Builder builder) {
    kafka.createTopic(lane.laneTopic(), 1);
    HandlerRunner runner = builder.start();
    synchronized (runners) {
      runners.add(runner);
    }
    return runner;
  }

  public LaneStatus status(LaneSpec lane) {
    return lanes.status(lane);
  }

  /** Waits until the lane's runners have committed every event; false on timeout. */
  public boolean awaitCaughtUp(LaneSpec lane, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (lanes.status(lane).caughtUp()) {
        return true;
      }
      sleep(100);
    }
    return false;
  }

  /** Every committed record of {@code topic}, partition by partition, in offset order. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = reader()) {
      List<TopicPartition> tps =
          c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = c.endOffsets(tps);
      long deadline = System.currentTimeMillis() + 30_000;
      while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))
          && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
    }
    out.sort(
        Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset));
    return out;
  }

  /** Closes every runner started here, the broker, and the temporary directory. */
  @Override
  public void close() {
    synchronized (runners) {
      runners.forEach(HandlerRunner::close);
    }
    lanes.close();
    producer.close(Duration.ofSeconds(5));
    kafka.close();
    if (deleteOnClose) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot delete " + dir, e);
      }
    }
  }

  private void send(ProducerRecord<byte[], byte[]> record) {
    try {
      producer.send(
          record,
          (meta, e) -> {
            if (e != null) {
              sendFailure.compareAndSet(null, e);
            }
          });
    } catch (RuntimeException e) {
      throw new FatalException("Cannot produce to " + record.topic() + ": " + e, e);
    }
  }

  private KafkaConsumer<byte[], byte[]> reader() {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static byte[] bytes(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted", e);
    }
  }
}

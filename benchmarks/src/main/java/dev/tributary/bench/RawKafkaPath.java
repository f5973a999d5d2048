package dev.tributary.bench;

import dev.tributary.core.kafka.ChangeEventSerde;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline: one {@code read_committed} consumer in a group reading the raw topic and parsing
 * each event, on its own thread, as a runner would without topology, batching, retries or
 * transactional offset commits (it auto-commits).
 */
final class RawKafkaPath implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final LatencySink sink;
  private final Thread thread;
  private volatile boolean running = true;

  RawKafkaPath(String bootstrap, String topic, LatencySink sink) {
    this(bootstrap, topic, sink, "bench.raw");
  }

  RawKafkaPath(String bootstrap, String topic, LatencySink sink, String group) {
    this.sink = sink;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                1_000),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    this.thread = new Thread(this::run, "bench-raw-consumer");
    thread.start();
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
        sink.record(ChangeEventSerde.fromBytes(r.value()));
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}

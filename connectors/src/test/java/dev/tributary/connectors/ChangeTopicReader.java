package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole change topic with read_committed, as a downstream consumer would, and checks it.
 */
final class ChangeTopicReader {
  /** One record as read back. */
  record Read(
      int partition, long offset, String key, ChangeEvent event, Map<String, String> headers) {
    long sequence() {
      return Long.parseLong(event.dynamodb().sequenceNumber());
    }
  }

  private ChangeTopicReader() {}

  static List<Read> readAll(String bootstrap, String topic) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    List<Read> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toList());
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts); // the last stable offsets
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("reading %s", topic).isLessThan(deadline);
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          Map<String, String> headers = new HashMap<>();
          for (Header h : r.headers()) {
            headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
          }
          out.add(
              new Read(
                  r.partition(),
                  r.offset(),
                  new String(r.key(), StandardCharsets.UTF_8),
                  ChangeEventSerde.fromBytes(r.value()),
                  headers));
        }
      }
    }
    return out;
  }

  /** Every sequence once, and per partition key in increasing sequence order. */
  static void assertExactlyOnceInKeyOrder(List<Read> reads, long expectedCount) {
    Set<Long> seen = new HashSet<>();
    List<Long> duplicates = new ArrayList<>();
    Map<String, Long> lastByKey = new HashMap<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    List<String> disorder = new ArrayList<>();
    List<Read> sorted = new ArrayList<>(reads);
    sorted.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    for (Read r : sorted) {
      if (!seen.add(r.sequence())) {
        duplicates.add(r.sequence());
      }
      Integer p = partitionOfKey.putIfAbsent(r.key(), r.partition());
      assertThat(p == null || p == r.partition()).as("key %s in one partition", r.key()).isTrue();
      Long last = lastByKey.put(r.key(), r.sequence());
      if (last != null && last >= r.sequence()) {
        disorder.add(r.key() + ": " + last + " then " + r.sequence());
      }
    }
    assertThat(duplicates).as("duplicated sequences").isEmpty();
    assertThat(disorder).as("out-of-order keys").isEmpty();
    assertThat(seen).hasSize((int) expectedCount);
  }
}

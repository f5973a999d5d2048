package dev.tributary.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
  @TempDir Path dir;

  /**
   * createTopic returns only once the broker serves every partition: a produce request with no
   * retries succeeds at once. Before, a new partition could answer NOT_LEADER_OR_FOLLOWER for a
   * moment, which an idempotent producer turned into OUT_OF_ORDER_SEQUENCE_NUMBER for good.
   */
  @Test
  void shouldServeEveryPartitionOfANewTopicAsSoonAsCreateTopicReturns() throws Exception {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.RETRIES_CONFIG, 0);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir);
        KafkaProducer<String, String> producer =
            new KafkaProducer<>(
                withBootstrap(kafka, p), new StringSerializer(), new StringSerializer())) {
      for (int t = 0; t < 12; t++) {
        String topic = "fresh-" + t;
        kafka.createTopic(topic, 8);
        List<Future<?>> sends = new ArrayList<>();
        for (int partition = 0; partition < 8; partition++) {
          sends.add(producer.send(new ProducerRecord<>(topic, partition, "k", "v")));
        }
        for (var f : sends) {
          f.get(); // NOT_LEADER_OR_FOLLOWER would fail here: no retries
        }
      }
    }
  }

  private static Map<String, Object> withBootstrap(
      EmbeddedKafka kafka, Map<String, Object> config) {
    Map<String, Object> out = new HashMap<>(config);
    out.putAll(kafka.clientConfig());
    return out;
  }

  @Test
  void shouldKeepTopicsRecordsAndCommittedOffsetsAcrossRestart() throws Exception {
    TopicPartition tp = new TopicPartition("t", 0);
    int port;
    long t0 = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      long startMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(startMs).as("startup ms").isLessThan(15_000);
      assertThat(kafka.state()).isEqualTo(EmbeddedKafka.State.RUNNING);
      port = kafka.port();
      kafka.createTopic("t", 2);
      kafka.createTopic("t", 2); // idempotent
      produceTransactionally(kafka, 10);
      try (KafkaConsumer<String, String> c = consumer(kafka)) {
        c.assign(List.of(tp));
        c.seekToBeginning(List.of(tp));
        List<ConsumerRecord<String, String>> got = poll(c, 10);
        assertThat(got).hasSize(10);
        c.commitSync(Map.of(tp, new OffsetAndMetadata(7)));
      }
    }
    t0 = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      assertThat((System.nanoTime() - t0) / 1_000_000).as("restart ms").isLessThan(15_000);
      assertThat(kafka.port()).isEqualTo(port);
      assertThat(kafka.topics()).contains("t");
      try (Admin admin = Admin.create(kafka.clientConfig())) {
        assertThat(admin.listConsumerGroupOffsets("g").partitionsToOffsetAndMetadata().get())
            .containsEntry(tp, new OffsetAndMetadata(7));
        // 10 records plus the transaction's commit marker.
        assertThat(
                admin
                    .listOffsets(Map.of(tp, OffsetSpec.latest()))
                    .partitionResult(tp)
                    .get()
                    .offset())
            .isEqualTo(11);
      }
      try (KafkaConsumer<String, String> c = consumer(kafka)) {
        c.subscribe(List.of("t"));
        List<ConsumerRecord<String, String>> rest = poll(c, 3);
        assertThat(rest).extracting(ConsumerRecord::value).containsExactly("v7", "v8", "v9");
      }
    }
  }

  @Test
  void shouldRefuseUseAfterClose() {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("b"));
    kafka.close();
    kafka.close();
    assertThat(kafka.state()).isEqualTo(EmbeddedKafka.State.STOPPED);
    assertThatThrownBy(() -> kafka.createTopic("x", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STOPPED");
  }

  private static void produceTransactionally(EmbeddedKafka kafka, int n) {
    Map<String, Object> p = new HashMap<>(kafka.clientConfig());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < n; i++) {
        producer.send(new ProducerRecord<>("t", 0, "k", "v" + i));
      }
      producer.commitTransaction();
    }
  }

  private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> c, int n) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 30_000;
    while (out.size() < n && System.currentTimeMillis() < deadline) {
      c.poll(Duration.ofMillis(100)).forEach(out::add);
    }
    return out;
  }
}

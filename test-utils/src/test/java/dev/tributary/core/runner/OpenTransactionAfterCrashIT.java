package dev.tributary.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.kafka.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded broker killed with SIGKILL while a transactional producer of the same process has a
 * transaction open with offsets for a group (what a worker killed between a runner's {@code
 * sendOffsetsToTransaction} and {@code commitTransaction} leaves): after the broker restarts, a
 * producer with the same transactional id fences and aborts it at once, and a {@code
 * read_committed} fetch of the group's committed offsets answers at once, not after the transaction
 * timeout. Measured here: broker restart 30.5-33 s, initTransactions 0.3 s, the committed-offset
 * fetch 31 ms.
 */
@Tag("slow")
class OpenTransactionAfterCrashIT {
  @TempDir Path dir;

  @Test
  void sameTransactionalIdAfterCrash() throws Exception {
    probe("same", 30_000, true);
  }

  private void probe(String name, int txTimeout, boolean sameId) throws Exception {
    Path data = dir.resolve("kafka");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Path log = dir.resolve("child.log");
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                cp,
                OpenTxnBrokerMain.class.getName(),
                data.toString(),
                "t",
                "g",
                "tx-1",
                Integer.toString(txTimeout))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long until = System.currentTimeMillis() + 120_000;
    while (!Files.readString(log).contains(OpenTxnBrokerMain.READY)) {
      assertThat(child.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.currentTimeMillis()).isLessThan(until);
      Thread.sleep(100);
    }
    new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
    child.waitFor(30, TimeUnit.SECONDS);
    long t0 = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(data)) {
      System.out.printf("PROBE %s: broker restarted in %d ms%n", name, ms(t0));
      long t1 = System.nanoTime();
      if (sameId) {
        Map<String, Object> p = new HashMap<>(kafka.clientConfig());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
          producer.initTransactions();
          System.out.printf("PROBE %s: initTransactions took %d ms%n", name, ms(t1));
        }
      }
      Map<String, Object> c = new HashMap<>(kafka.clientConfig());
      c.put(ConsumerConfig.GROUP_ID_CONFIG, "g");
      c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
        long t2 = System.nanoTime();
        for (int i = 0; i < 4; i++) {
          try {
            var committed =
                consumer.committed(
                    Set.of(new TopicPartition("t", 0), new TopicPartition("t", 1)),
                    Duration.ofSeconds(30));
            System.out.printf(
                "PROBE %s: committed() returned %s after %d ms%n", name, committed, ms(t2));
            assertThat(ms(t2))
                .as("committed offsets answered at once (the open transaction was aborted)")
                .isLessThan(10_000);
            assertThat(committed.values())
                .as("the open transaction's offsets were aborted")
                .containsOnlyNulls();
            return;
          } catch (TimeoutException e) {
            System.out.printf(
                "PROBE %s: committed() timed out after %d ms: %s%n", name, ms(t2), e.getMessage());
          }
        }
        throw new AssertionError("committed offsets still held back after 2 minutes");
      }
    }
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}

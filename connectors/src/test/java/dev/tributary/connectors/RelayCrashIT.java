package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.ChangeTopicReader.Read;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's acceptance: a child JVM runs engine + relay while writing 100,000 changes, is killed
 * with SIGKILL mid-run (the relay is then almost always inside a transaction), and is started
 * again; the change topic read with read_committed holds every change exactly once, in sequence
 * order per partition key, and equal to the engine's own log.
 */
@Tag("slow")
class RelayCrashIT {
  private static final int TOTAL = 100_000;
  private static final String TABLE = "CrashOrders";

  @TempDir Path dir;

  @Test
  void shouldHoldEveryChangeExactlyOnceAfterASigkillMidRun() throws Exception {
    long t0 = System.nanoTime();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      Path engineDir = dir.resolve("engine");
      // Kill until a kill lands inside an open transaction (the broker's last stable offset behind
      // its log end), which is what the restart must clean up; usually the first one does.
      boolean midTransaction = false;
      int kills = 0;
      long killAfter = 20_000;
      while (!midTransaction && kills < 5) {
        Child run = Child.start(engineDir, kafka.bootstrapServers());
        String line;
        long killAt = killAfter + ThreadLocalRandom.current().nextInt(10_000);
        do {
          line = run.next(120);
        } while (!(line.startsWith("WRITTEN ") && Long.parseLong(line.split(" ")[1]) >= killAt));
        Thread.sleep(ThreadLocalRandom.current().nextInt(50));
        run.process.destroyForcibly(); // SIGKILL
        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(run.process.exitValue()).isEqualTo(137);
        kills++;
        midTransaction = openTransaction(kafka.bootstrapServers());
        System.out.printf(
            "kill %d after '%s' at %d ms; inside a transaction: %s%n",
            kills, line, ms(t0), midTransaction);
        killAfter = Math.min(80_000, killAfter + 15_000);
      }
      assertThat(midTransaction).as("a kill landed inside a transaction").isTrue();

      Child second = Child.start(engineDir, kafka.bootstrapServers());
      String resumed = second.next(120);
      String line;
      System.out.println("second run: " + resumed);
      while (!(line = second.next(150)).equals("DONE")) {
        // progress lines
      }
      assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(second.process.exitValue()).isZero();
      System.out.printf("second run done at %d ms%n", ms(t0));

      List<Read> reads =
          ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(TABLE));
      ChangeTopicReader.assertExactlyOnceInKeyOrder(reads, TOTAL);
      assertEqualsEngineLog(engineDir, reads);
      System.out.printf(
          "%d changes exactly once after %d SIGKILL(s); total %d ms%n",
          reads.size(), kills, ms(t0));
    }
  }

  private static void assertEqualsEngineLog(Path engineDir, List<Read> reads) {
    Map<Long, ChangeEvent> bySequence = new HashMap<>();
    reads.forEach(r -> bySequence.put(r.sequence(), r.event()));
    try (TributaryEngine engine = TributaryEngine.open(EngineOptions.builder(engineDir).build())) {
      long after = 0;
      List<ChangeEvent> page;
      while (!(page = engine.changeStream(TABLE).read(after, 5000)).isEmpty()) {
        for (ChangeEvent e : page) {
          after = Long.parseLong(e.dynamodb().sequenceNumber());
          assertThat(bySequence.get(after)).as("sequence %d", after).isEqualTo(e);
        }
      }
      assertThat(after).isEqualTo(TOTAL);
    }
  }

  /** True if the change topic holds records of a transaction not yet committed or aborted. */
  private static boolean openTransaction(String bootstrap) {
    List<TopicPartition> parts = new ArrayList<>();
    Map<TopicPartition, Long> committed;
    Map<TopicPartition, Long> written;
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "read_committed")) {
      c.partitionsFor(Topics.changeTopic(TABLE))
          .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      committed = c.endOffsets(parts);
    }
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, "read_uncommitted")) {
      written = c.endOffsets(parts);
    }
    return parts.stream().anyMatch(p -> committed.get(p) < written.get(p));
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String isolation) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return new KafkaConsumer<>(c);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** A child JVM running {@link RelayCrashChild}, its marker lines queued for the test. */
  private record Child(Process process, LinkedBlockingQueue<String> lines) {
    static Child start(Path engineDir, String bootstrap) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  java,
                  "-Xmx512m",
                  "-XX:+UseParallelGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  RelayCrashChild.class.getName(),
                  engineDir.toString(),
                  bootstrap,
                  TABLE,
                  Integer.toString(TOTAL))
              .redirectErrorStream(true)
              .start();
      LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread pump =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l; (l = r.readLine()) != null; ) {
                    if (l.startsWith("WRITTEN") || l.startsWith("RESUMED") || l.equals("DONE")) {
                      lines.add(l);
                    }
                    if (!l.startsWith("\tat ")
                        && (l.contains("ERROR")
                            || l.contains("Exception")
                            || l.startsWith("RESUMED")
                            || l.equals("DONE")
                            || l.contains("Relay "))) {
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

    String next(int timeoutSeconds) throws InterruptedException {
      String l = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
      assertThat(l)
          .as("a line from the child within %d s (alive: %s)", timeoutSeconds, process.isAlive())
          .isNotNull();
      return l;
    }
  }
}

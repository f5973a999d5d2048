package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.ChangeTopicReader.Read;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;

/** Waits for change topics of a Debezium source to fill up. */
final class SourceTopics {
  private SourceTopics() {}

  /** Reads {@code topic} (read_committed) until {@code done} holds for what was read. */
  static List<Read> awaitRecords(
      String bootstrap,
      String topic,
      Predicate<List<Read>> done,
      Duration timeout,
      DebeziumSource source)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Read> reads = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      assertThat(source.failure()).as("source failure").isEmpty();
      if (exists(bootstrap, topic)) {
        reads = ChangeTopicReader.readAll(bootstrap, topic);
        if (done.test(reads)) {
          return reads;
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "Timed out waiting for "
            + topic
            + "; read "
            + reads.size()
            + " records: "
            + reads.stream()
                .limit(20)
                .map(r -> r.event().eventName() + " " + r.event().dynamodb().keys())
                .toList());
  }

  static boolean exists(String bootstrap, String topic) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      return admin.listTopics().names().get().contains(topic);
    } catch (Exception e) {
      return false;
    }
  }
}

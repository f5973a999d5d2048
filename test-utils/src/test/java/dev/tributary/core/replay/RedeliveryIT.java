package dev.tributary.core.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.FatalException;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Redelivery's batches, retries, bisection and dead letters, on a real broker. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RedeliveryIT {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  /** Fails what it is told to: reported failures a number of times, poison, or always. */
  static final class Scripted implements ChangeHandler {
    static final List<List<String>> calls = new ArrayList<>();
    static final Map<String, Integer> reportFailures = new HashMap<>();
    static Set<String> poison = Set.of();
    static Set<String> fatal = Set.of();
    static Set<String> deadLetter = Set.of();
    static boolean snapshots = true;

    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      synchronized (calls) {
        calls.add(batch.stream().map(ChangeEvent::eventId).toList());
      }
      List<String> failed = new ArrayList<>();
      Map<String, String> dead = new HashMap<>();
      for (ChangeEvent e : batch) {
        if (deadLetter.contains(e.eventId())) {
          dead.put(e.eventId(), "unusable " + e.eventId());
        }
        if (fatal.contains(e.eventId())) {
          throw new FatalException("fatal " + e.eventId());
        }
        if (poison.contains(e.eventId())) {
          throw new BadRecordException("poison " + e.eventId());
        }
        Integer left = reportFailures.get(e.eventId());
        if (left != null && left > 0) {
          reportFailures.put(e.eventId(), left - 1);
          failed.add(e.eventId());
        }
      }
      return new BatchResult(failed, dead);
    }

    @Override
    public boolean wantsSnapshotEvents() {
      return snapshots;
    }
  }

  static LaneSpec lane(String handler, boolean bisect) {
    return new LaneSpec(
        "redelivery",
        handler,
        Scripted::new,
        Batching.of(4, Duration.ZERO),
        RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(1), Duration.ofMillis(5), 2.0),
        bisect,
        "tributary.dlq.redelivery." + handler,
        false);
  }

  static ChangeEvent event(int i, boolean snapshot) {
    Map<String, AttributeValue> keys = Map.of("id", AttributeValue.s("k" + (i % 3)));
    return new ChangeEvent(
        "e" + i,
        EventName.INSERT,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        "arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/x",
        new StreamRecord(
            keys,
            Optional.of(keys),
            Optional.empty(),
            Integer.toString(i),
            10,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.now()),
        Optional.empty(),
        snapshot);
  }

  static void reset() {
    Scripted.calls.clear();
    Scripted.reportFailures.clear();
    Scripted.poison = Set.of();
    Scripted.fatal = Set.of();
    Scripted.deadLetter = Set.of();
    Scripted.snapshots = true;
  }

  @Test
  void shouldRetryInOrderBisectPoisonAndDeadLetterWhatGivesUp() {
    reset();
    Scripted.reportFailures.put("e2", 1); // succeeds on its second attempt
    Scripted.reportFailures.put("e8", 99); // never succeeds: dead after 3 attempts
    Scripted.poison = Set.of("e5");
    LaneSpec lane = lane("scripted", true);
    List<long[]> progress = new ArrayList<>();
    RedeliveryStats stats;
    try (Redelivery r =
        Redelivery.builder(lane)
            .clientConfig(kafka.clientConfig())
            .progress((d, t) -> progress.add(new long[] {d, t}))
            .open()) {
      r.totalEstimate(10);
      for (int i = 0; i < 10; i++) {
        r.offer(HistoryRecord.of(event(i, false), "test", i));
      }
      r.flush();
      stats = r.stats();
    }
    // First batch e0-e3: e2 reported failed, so e2 and e3 come again, in order.
    assertThat(Scripted.calls.get(0)).containsExactly("e0", "e1", "e2", "e3");
    assertThat(Scripted.calls.get(1)).containsExactly("e2", "e3");
    // Second batch e4-e7 throws (poison e5): bisected to find it; e5 alone is dead at once.
    assertThat(Scripted.calls).contains(List.of("e5"));
    assertThat(Scripted.calls.stream().filter(c -> c.contains("e5")).count())
        .isEqualTo(3); // batch, half, alone
    assertThat(stats.offered()).isEqualTo(10);
    assertThat(stats.deadLettered()).isEqualTo(2);
    assertThat(stats.delivered()).isEqualTo(8);
    assertThat(stats.retries()).isPositive();
    assertThat(progress.get(progress.size() - 1)).containsExactly(10, 10);

    Map<String, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
    readAll(lane.deadLetterTopic(), 2)
        .forEach(rec -> letters.put(ChangeEventSerde.fromBytes(rec.value()).eventId(), rec));
    assertThat(letters.keySet()).containsExactlyInAnyOrder("e5", "e8");
    assertThat(header(letters.get("e5"), DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(header(letters.get("e5"), DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo(BadRecordException.class.getName());
    assertThat(header(letters.get("e8"), DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    assertThat(header(letters.get("e8"), "tributary.replay")).isEqualTo("true");
    assertThat(header(letters.get("e8"), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("test");
    // e9 follows e8 in every attempt, and is delivered once more, alone, after e8 gave up.
    List<List<String>> tail =
        Scripted.calls.subList(Scripted.calls.size() - 4, Scripted.calls.size());
    assertThat(tail)
        .containsExactly(
            List.of("e8", "e9"), List.of("e8", "e9"), List.of("e8", "e9"), List.of("e9"));
  }

  @Test
  void shouldSkipSnapshotsForAHandlerThatTakesNoneAndStopOnFatal() {
    reset();
    Scripted.snapshots = false;
    try (Redelivery r =
        Redelivery.builder(lane("nosnap", false)).clientConfig(kafka.clientConfig()).open()) {
      r.offer(HistoryRecord.of(event(1, true), "test", 1));
      r.offer(HistoryRecord.of(event(2, false), "test", 2));
      r.flush();
      assertThat(r.stats().skippedSnapshots()).isEqualTo(1);
      assertThat(Scripted.calls).containsExactly(List.of("e2"));
      Scripted.fatal = Set.of("e3");
      r.offer(HistoryRecord.of(event(3, false), "test", 3));
      assertThatThrownBy(r::flush)
          .isInstanceOf(FatalException.class)
          .hasMessageContaining("fatal e3");
    }
  }

  @Test
  void shouldDeadLetterWhatTheHandlerDeadLettersAndParkItsKeyAsTheLanesRunnersDo() {
    reset();
    Scripted.deadLetter = Set.of("e1");
    LaneSpec lane =
        new LaneSpec(
            "redelivery",
            "isolating",
            Scripted::new,
            Batching.of(4, Duration.ZERO),
            RetryPolicy.attempts(3),
            false,
            "tributary.dlq.redelivery.isolating",
            true);
    RedeliveryStats stats;
    try (Redelivery r = Redelivery.builder(lane).clientConfig(kafka.clientConfig()).open()) {
      for (int i = 0; i < 6; i++) { // keys k0 k1 k2 k0 k1 k2
        r.offer(HistoryRecord.of(event(i, false), "test", i));
      }
      r.flush();
      stats = r.stats();
    }
    // e1 is dead at once (no retry); e4, of e1's key, follows it to the dead-letter topic unseen.
    assertThat(Scripted.calls.stream().flatMap(List::stream))
        .containsOnlyOnce("e1")
        .doesNotContain("e4");
    assertThat(stats.deadLettered()).isEqualTo(2);
    assertThat(stats.delivered()).isEqualTo(4);
    assertThat(stats.retries()).isZero();
    Map<String, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
    readAll(lane.deadLetterTopic(), 2)
        .forEach(rec -> letters.put(ChangeEventSerde.fromBytes(rec.value()).eventId(), rec));
    assertThat(letters.keySet()).containsExactlyInAnyOrder("e1", "e4");
    assertThat(header(letters.get("e1"), DeadLetterHeaders.ERROR_MESSAGE)).contains("unusable e1");
    assertThat(header(letters.get("e4"), DeadLetterHeaders.PARKED_BEHIND)).isEqualTo("e1");
    assertThat(header(letters.get("e4"), "tributary.replay")).isEqualTo("true");
  }

  @Test
  void shouldCallNoHandlerInADryRun() {
    reset();
    List<ChangeEvent> seen = new ArrayList<>();
    try (Redelivery r = Redelivery.builder(lane("dry", false)).dryRun(seen::add).open()) {
      for (int i = 0; i < 6; i++) {
        r.offer(HistoryRecord.of(event(i, false), "test", i));
      }
      r.flush();
      assertThat(r.stats().delivered()).isEqualTo(6);
    }
    assertThat(seen).hasSize(6);
    assertThat(Scripted.calls).isEmpty();
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}

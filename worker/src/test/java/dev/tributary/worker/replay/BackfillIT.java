package dev.tributary.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.PipelineTopology;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfill against the real parts: relay and topology run, writers keep writing during the
 * backfill, and the backfilled handler's runners are off until it hands the lane back. The
 * handler's view must end equal to the table, with no change applied twice and no change missed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillIT {
  static final String TABLE = "BackfillOrders";
  static final int KEYS = 80;
  static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static TributaryEngine engine;
  static EngineRelay relay;
  static KafkaStreams topology;
  static HandlerRunner otherRunner;
  static final RecordingSink mirror = new RecordingSink(true);
  static final RecordingSink mail = new RecordingSink(false);
  static final RecordingSink other = new RecordingSink(true);
  static Pipeline pipeline;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir.resolve("engine"))
                .syncWrites(false)
                .retainChangesForever()
                .build());
    engine.createTable(
        CreateTableRequest.builder(TABLE).partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    pipeline =
        Pipeline.builder("backfillshop")
            .source(TABLE)
            .route("mirror", Routes.always(), mirror.spec())
            .route("mail", Routes.always(), mail.spec())
            .route("other", Routes.always(), other.spec())
            .build();
    for (String topic : pipeline.topics()) {
      kafka.createTopic(topic, 3);
    }
    for (int k = 0; k < KEYS; k++) {
      engine.putItem(PutItemRequest.of(TABLE, Item.builder().s("id", "k" + k).n("v", -1).build()));
    }
    relay =
        EngineRelay.builder(engine, kafka.clientConfig())
            .relayId("backfill-it")
            .changeTopicPartitions(3)
            .discoveryInterval(Duration.ofMillis(200))
            .build()
            .start();
    topology =
        new KafkaStreams(
            PipelineTopology.build(pipeline),
            PipelineTopology.streamsConfig(
                pipeline, kafka.bootstrapServers(), dir.resolve("streams")));
    topology.start();
    // Only 'other' runs; 'mirror' and 'mail' wait for their backfills.
    otherRunner = HandlerRunner.builder(lane("other"), kafka.bootstrapServers()).start();
    await().atMost(WAIT).until(() -> other.deliveries().size() >= KEYS);
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c :
        new AutoCloseable[] {
          otherRunner,
          topology == null ? null : () -> topology.close(Duration.ofSeconds(30)),
          relay,
          engine,
          kafka
        }) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what a test started; the next closes anyway
      }
    }
  }

  @Test
  @Order(1)
  void shouldRefuseWhileTheHandlersRunnersAreLive() {
    assertThatThrownBy(
            () ->
                Backfill.builder(pipeline, "other")
                    .clientConfig(kafka.clientConfig())
                    .engine(engine)
                    .run())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("live runner");
  }

  @Test
  @Order(2)
  void shouldEndEqualToTheTableWithWritersRunningDuringTheBackfill() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger written = new AtomicInteger();
    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(stop, written));
    await().atMost(WAIT).until(() -> written.get() > 50);
    BackfillReport report;
    try {
      report =
          Backfill.builder(pipeline, "mirror")
              .clientConfig(kafka.clientConfig())
              .engine(engine)
              .run();
    } finally {
      int before = written.get();
      await().atMost(WAIT).until(() -> written.get() > before + 50); // writes after it, too
      stop.set(true);
      writer.get(60, TimeUnit.SECONDS);
    }
    long snapshotAt = report.snapshotSequences().get(TABLE);
    List<ChangeEvent> byBackfill = mirror.deliveries();
    List<ChangeEvent> snapshots = byBackfill.stream().filter(ChangeEvent::snapshot).toList();
    assertThat(snapshots).hasSize((int) report.snapshotItems()).isNotEmpty();
    assertThat(report.liveAlreadyInSnapshot()).isPositive();
    assertThat(byBackfill.stream().filter(e -> !e.snapshot()))
        .as("live changes delivered by the backfill are all after the snapshot")
        .allSatisfy(
            e ->
                assertThat(Long.parseLong(e.dynamodb().sequenceNumber()))
                    .isGreaterThan(snapshotAt));

    // The runners take over where the backfill committed.
    try (HandlerRunner runner =
        HandlerRunner.builder(lane("mirror"), kafka.bootstrapServers()).start()) {
      Map<String, Map<String, AttributeValue>> table = table();
      await().atMost(WAIT).untilAsserted(() -> assertThat(mirror.state()).isEqualTo(table));
      assertThat(runner.failure()).isEmpty();
    }
    assertThat(mirror.deliveries().stream().map(ChangeEvent::eventId).distinct().count())
        .as("no change delivered twice")
        .isEqualTo(mirror.deliveries().size());
    Map<String, Long> lastSeq = new HashMap<>();
    for (ChangeEvent e : mirror.deliveries()) {
      long seq = Long.parseLong(e.dynamodb().sequenceNumber());
      Long last = lastSeq.put(RecordingSink.keyOf(e), seq);
      if (!e.snapshot()) {
        assertThat(last == null || seq > last).as("per-key order of %s", e.eventId()).isTrue();
      }
    }
  }

  @Test
  @Order(3)
  void shouldGiveAHandlerThatTakesNoSnapshotsOnlyTheLiveChanges() throws Exception {
    engine.putItem(PutItemRequest.of(TABLE, Item.builder().s("id", "late").n("v", 1).build()));
    BackfillReport report =
        Backfill.builder(pipeline, "mail").clientConfig(kafka.clientConfig()).engine(engine).run();
    assertThat(report.snapshotItems()).isPositive();
    assertThat(report.snapshotNotRouted()).isEqualTo(report.snapshotItems());
    assertThat(mail.deliveries()).noneMatch(ChangeEvent::snapshot);
    // The lane is handed back at its end: the runners' group committed every partition's end.
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < 3; p++) {
        latest.put(new TopicPartition(pipeline.laneTopic("mail"), p), OffsetSpec.latest());
      }
      var ends =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      var committed =
          admin
              .listConsumerGroupOffsets(Topics.runnerGroup(pipeline.name(), "mail"))
              .partitionsToOffsetAndMetadata()
              .get();
      ends.forEach((tp, end) -> assertThat(committed.get(tp).offset()).isEqualTo(end.offset()));
    }
  }

  private static Map<String, Map<String, AttributeValue>> table() {
    Map<String, Map<String, AttributeValue>> out = new HashMap<>();
    engine
        .scan(ScanRequest.of(TABLE))
        .items()
        .forEach(i -> out.put(((AttributeValue.S) i.get("id")).value(), i));
    return out;
  }

  private static void write(AtomicBoolean stop, AtomicInteger written) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    while (!stop.get()) {
      String id = "k" + r.nextInt(KEYS);
      if (r.nextInt(6) == 0) {
        engine.deleteItem(DeleteItemRequest.of(TABLE, Item.key("id", id)));
      } else {
        engine.putItem(
            PutItemRequest.of(
                TABLE, Item.builder().s("id", id).n("v", r.nextInt(1_000_000)).build()));
      }
      written.incrementAndGet();
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static LaneSpec lane(String handler) {
    return pipeline.lanes().stream()
        .filter(l -> l.handler().equals(handler))
        .findFirst()
        .orElseThrow();
  }
}

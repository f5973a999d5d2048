package dev.tributary.worker.replay;

import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.replay.Position;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay against the real parts: engine in a temp dir, relay, embedded Kafka, the pipeline's
 * topology and runners all running. One pipeline run, then several replays of one handler; the
 * other handler and every consumer group must not notice.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReplayIT {
  static final String TABLE = "ReplayOrders";
  static final Duration WAIT = Duration.ofSeconds(90);
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static TributaryEngine engine;
  static EngineRelay relay;
  static PipelineRuntime runtime;
  static final RecordingSink index = new RecordingSink(true);
  static final RecordingSink audit = new RecordingSink(true);
  static Pipeline pipeline;
  static Instant start;
  static int writes;

  @BeforeAll
  static void runPipelineOnce() {
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
        Pipeline.builder("replayshop")
            .source(TABLE)
            .filter(Events.keyEquals("id", s("skip-me")).negate())
            .project("status", "total")
            .route("index", Routes.always(), index.spec())
            .route("audit", Routes.onInsert(), audit.spec())
            .build();
    relay =
        EngineRelay.builder(engine, kafka.clientConfig())
            .relayId("replay-it")
            .changeTopicPartitions(3)
            .discoveryInterval(Duration.ofMillis(200))
            .build()
            .start();
    runtime =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(pipeline)
            .stateDir(dir.resolve("streams"))
            .partitions(3)
            .start();
    start = Instant.now().minusSeconds(1);
    for (int i = 0; i < 150; i++) {
      String id = i % 37 == 0 ? "skip-me" : "o" + (i % 30);
      if (i % 7 == 6) {
        engine.deleteItem(DeleteItemRequest.of(TABLE, Item.key("id", id)));
      } else {
        engine.putItem(
            PutItemRequest.of(
                TABLE,
                Item.builder()
                    .s("id", id)
                    .s("status", i % 3 == 0 ? "SHIPPED" : "PENDING")
                    .n("total", i)
                    .s("secret", "not projected")
                    .build()));
      }
    }
    writes = (int) engine.changeStream(TABLE).latestSequence();
    long routed = readLog().stream().filter(e -> !ReplayIT.key(e).equals("skip-me")).count();
    await().atMost(WAIT).until(() -> index.deliveries().size() >= routed);
    assertThat(runtime.awaitCaughtUp(WAIT)).isTrue();
    assertThat(index.deliveries()).hasSize((int) routed);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (relay != null) {
      relay.close();
    }
    if (engine != null) {
      engine.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldReplayOneHandlerWithoutMovingAnyGroupAndEndInTheFirstRunsState() throws Exception {
    Map<String, Map<TopicPartition, OffsetAndMetadata>> before = groupOffsets();
    var stateBefore = index.state();
    var appliedBefore = index.applied();
    int indexBefore = index.deliveries().size();
    int auditBefore = audit.deliveries().size();
    List<long[]> progress = new ArrayList<>();

    ReplayReport report =
        Replay.builder(pipeline, "index")
            .clientConfig(kafka.clientConfig())
            .from(Position.time(start))
            .progress((done, total) -> progress.add(new long[] {done, total}))
            .run();

    assertThat(report.read()).isEqualTo(indexBefore);
    assertThat(report.delivery().delivered()).isEqualTo(indexBefore);
    assertThat(index.deliveries()).hasSize(2 * indexBefore);
    assertThat(index.state()).isEqualTo(stateBefore); // idempotent: the first run's end state
    assertThat(index.applied()).isEqualTo(appliedBefore);
    assertThat(audit.deliveries()).hasSize(auditBefore);
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1)).containsExactly(indexBefore, indexBefore);
    assertThat(progress).allSatisfy(p -> assertThat(p[0]).isLessThanOrEqualTo(p[1]));
    Thread.sleep(500); // let any group commit that a replay wrongly caused land
    assertThat(groupOffsets()).isEqualTo(before);
  }

  @Test
  void shouldStartAtASequenceFoundInEachLanePartition() {
    List<ChangeEvent> firstRun = firstRun();
    long from = writes / 2;
    List<ChangeEvent> replayed = new ArrayList<>();
    ReplayReport report =
        Replay.builder(pipeline, "index")
            .clientConfig(kafka.clientConfig())
            .from(Position.sequence(from))
            .to(Position.sequence(writes - 10))
            .dryRun(replayed::add)
            .run();
    List<String> expected =
        firstRun.stream()
            .filter(e -> seq(e) >= from && seq(e) <= writes - 10)
            .map(ChangeEvent::eventId)
            .sorted()
            .toList();
    assertThat(replayed.stream().map(ChangeEvent::eventId).sorted().toList()).isEqualTo(expected);
    // The binary search started each partition at the sequence, not at the lane's start.
    assertThat(report.read()).isEqualTo(expected.size());
  }

  @Test
  void shouldRouteChangeLogHistoryExactlyAsTheTopologyDidAndApplyWhere() {
    Map<String, String> laneJson = new HashMap<>();
    firstRun().forEach(e -> laneJson.put(e.eventId(), ChangeEventJson.toJson(e)));
    int indexBefore = index.deliveries().size();
    List<ChangeEvent> replayed = new ArrayList<>();
    ReplayReport report =
        Replay.builder(pipeline, "index")
            .source(ReplaySource.changeLog(engine))
            .from(Position.sequence(1))
            .where("status = 'SHIPPED' AND total >= 30")
            .dryRun(replayed::add)
            .run();
    assertThat(report.read()).isEqualTo(writes);
    assertThat(report.notRouted())
        .isEqualTo(readLog().stream().filter(e -> key(e).equals("skip-me")).count());
    assertThat(replayed).isNotEmpty();
    for (ChangeEvent e : replayed) {
      // Same bytes as the lane: filters and projection came from the same routing code.
      assertThat(ChangeEventJson.toJson(e)).isEqualTo(laneJson.get(e.eventId()));
      var image = e.dynamodb().newImage().or(() -> e.dynamodb().oldImage()).orElseThrow();
      assertThat(image.get("status")).isEqualTo(s("SHIPPED"));
      assertThat(image).doesNotContainKey("secret");
    }
    long expected =
        firstRun().stream()
            .filter(
                e -> {
                  var image =
                      e.dynamodb().newImage().or(() -> e.dynamodb().oldImage()).orElseThrow();
                  return s("SHIPPED").equals(image.get("status"))
                      && ((AttributeValue.N) image.get("total")).value().intValue() >= 30;
                })
            .count();
    assertThat(replayed).hasSize((int) expected);
    assertThat(report.filteredOut()).isEqualTo(report.read() - report.notRouted() - expected);
    assertThat(index.deliveries()).hasSize(indexBefore); // a dry run calls no handler
  }

  @Test
  void shouldRejectABadRangeOrExpressionAtOnce() {
    assertThatThrownBy(() -> Replay.builder(pipeline, "nope"))
        .hasMessageContaining("has no handler 'nope'")
        .hasMessageContaining("index");
    assertThatThrownBy(
            () ->
                Replay.builder(pipeline, "index")
                    .clientConfig(kafka.clientConfig())
                    .from(Position.sequence(10))
                    .to(Position.sequence(5))
                    .build())
        .hasMessageContaining("range is empty");
    assertThatThrownBy(() -> Replay.builder(pipeline, "index").where("status = = 'x'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--where");
  }

  private static List<ChangeEvent> firstRun() {
    return index.deliveries().stream()
        .collect(Collectors.toMap(ChangeEvent::eventId, e -> e, (a, b) -> a))
        .values()
        .stream()
        .toList();
  }

  private static long seq(ChangeEvent e) {
    return Long.parseLong(e.dynamodb().sequenceNumber());
  }

  static String key(ChangeEvent e) {
    return RecordingSink.keyOf(e);
  }

  static List<ChangeEvent> readLog() {
    ChangeStream stream = engine.changeStream(TABLE);
    List<ChangeEvent> out = new ArrayList<>();
    long after = 0;
    for (List<ChangeEvent> page; !(page = stream.read(after, 500)).isEmpty(); ) {
      out.addAll(page);
      after = ChangeStream.sequenceOf(page.get(page.size() - 1));
    }
    return out;
  }

  private static Map<String, Map<TopicPartition, OffsetAndMetadata>> groupOffsets()
      throws Exception {
    Map<String, Map<TopicPartition, OffsetAndMetadata>> out = new HashMap<>();
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      for (String group :
          List.of(
              Topics.runnerGroup(pipeline.name(), "index"),
              Topics.runnerGroup(pipeline.name(), "audit"),
              Topics.applicationId(pipeline.name()))) {
        out.put(group, admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
      }
    }
    assertThat(out.values()).allSatisfy(m -> assertThat(m).isNotEmpty());
    return out;
  }
}

package dev.tributary.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.RetriableException;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.testkit.PipelineTestKit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambda's event source mapping options the runner implements: StartingPosition (TRIM_HORIZON,
 * LATEST, AT_TIMESTAMP) for a lane without a committed position, and DestinationConfig.OnFailure
 * with Lambda's invocation record.
 */
class EventSourceMappingOptionsIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static PipelineTestKit kit;

  @BeforeAll
  static void startBroker() {
    kit = PipelineTestKit.start();
  }

  @AfterAll
  static void stopBroker() {
    kit.close();
  }

  private static LaneSpec lane(
      String pipeline,
      Supplier<? extends ChangeHandler> handler,
      RetryPolicy retry,
      StartingPosition position,
      Optional<OnFailure> onFailure) {
    return new LaneSpec(
        pipeline,
        "h",
        handler,
        Batching.of(10, Duration.ofMillis(20)),
        retry,
        false,
        Topics.deadLetterTopic(pipeline, "h"),
        false,
        position,
        onFailure);
  }

  private static void produce(LaneSpec lane, String key, int from, int to) {
    for (int s = from; s < to; s++) {
      kit.produce(lane.laneTopic(), key, Recorder.event(key, s));
    }
    kit.flush();
  }

  private static List<Integer> seqs(Recorder rec) {
    return rec.deliveries.stream().map(Recorder.Delivery::seq).sorted().distinct().toList();
  }

  @Test
  void shouldStartAtTheOldestEventUnderTrimHorizon() {
    Recorder rec = new Recorder();
    LaneSpec lane =
        lane(
            "sp-trim",
            rec::handler,
            RetryPolicy.DEFAULT,
            StartingPosition.TRIM_HORIZON,
            Optional.empty());
    kit.createTopic(lane.laneTopic(), 2);
    produce(lane, "a", 0, 5);
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
    }
    assertThat(seqs(rec)).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void shouldStartAtTheFirstEventWrittenAtOrAfterTheTimestamp() throws Exception {
    Recorder rec = new Recorder();
    String pipeline = "sp-ts";
    LaneSpec probe =
        lane(
            pipeline,
            rec::handler,
            RetryPolicy.DEFAULT,
            StartingPosition.TRIM_HORIZON,
            Optional.empty());
    kit.createTopic(probe.laneTopic(), 1);
    produce(probe, "a", 0, 5);
    Thread.sleep(50);
    Instant at = Instant.now();
    Thread.sleep(50);
    produce(probe, "a", 5, 8);
    LaneSpec lane =
        lane(
            pipeline,
            rec::handler,
            RetryPolicy.DEFAULT,
            StartingPosition.atTimestamp(at),
            Optional.empty());
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
    }
    assertThat(seqs(rec)).containsExactly(5, 6, 7);
  }

  @Test
  void shouldStartAfterTheLaneStartsUnderLatestAndKeepItsPlaceAcrossARestart() {
    Recorder rec = new Recorder();
    LaneSpec lane =
        lane(
            "sp-latest",
            rec::handler,
            RetryPolicy.DEFAULT,
            StartingPosition.LATEST,
            Optional.empty());
    kit.createTopic(lane.laneTopic(), 1);
    produce(lane, "a", 0, 5); // before the mapping: never delivered
    try (HandlerRunner runner = kit.run(lane)) {
      await().atMost(WAIT).until(() -> !runner.assignment().isEmpty());
      produce(lane, "a", 5, 7);
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      await().atMost(WAIT).until(() -> seqs(rec).size() == 2);
    }
    produce(
        lane, "a", 7,
        9); // while stopped: delivered after the restart, as a mapping keeps its place
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
    }
    assertThat(seqs(rec)).containsExactly(5, 6, 7, 8);
  }

  @Test
  void shouldWriteLambdasInvocationRecordToTheOnFailureTopicWhenRetriesRunOut() throws Exception {
    Recorder rec = new Recorder();
    Supplier<ChangeHandler> failing =
        () -> {
          ChangeHandler inner = rec.handler();
          return (batch, context) -> {
            for (ChangeEvent e : batch) {
              if (Recorder.keyOf(e).equals("bad")) {
                throw new RetriableException("bad always fails");
              }
            }
            return inner.handle(batch, context);
          };
        };
    String topic = "orders-failures";
    LaneSpec lane =
        lane(
            "of",
            failing,
            RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(10), Duration.ofMillis(20), 2),
            StartingPosition.TRIM_HORIZON,
            Optional.of(OnFailure.topic(topic)));
    lane =
        new LaneSpec(
            lane.pipeline(),
            lane.handler(),
            lane.handlerFactory(),
            Batching.of(1, Duration.ZERO),
            lane.retry(),
            false,
            lane.deadLetterTopic(),
            false,
            lane.startingPosition(),
            lane.onFailure()); // one record per invocation
    kit.createTopic(lane.laneTopic(), 1);
    produce(lane, "good", 0, 3);
    produce(lane, "bad", 3, 4);
    produce(lane, "good", 4, 6);
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
    }
    assertThat(seqs(rec)).containsExactly(0, 1, 2, 4, 5);
    assertThat(kit.readAll(lane.deadLetterTopic())).hasSize(1); // still dead-lettered, for redrive
    List<ConsumerRecord<byte[], byte[]>> records = kit.readAll(topic);
    assertThat(records).hasSize(1);
    JsonNode r = JSON.readTree(records.get(0).value());
    assertThat(r.path("version").asText()).isEqualTo("1.0");
    assertThat(Instant.parse(r.path("timestamp").asText()))
        .isAfter(Instant.now().minusSeconds(120));
    JsonNode req = r.path("requestContext");
    assertThat(req.path("requestId").asText()).matches("[0-9a-f-]{36}");
    assertThat(req.path("functionArn").asText())
        .isEqualTo("arn:aws:lambda:local:000000000000:function:of-h");
    assertThat(req.path("condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(req.path("approximateInvokeCount").asInt()).isEqualTo(3);
    JsonNode res = r.path("responseContext");
    assertThat(res.path("statusCode").asInt()).isEqualTo(200);
    assertThat(res.path("executedVersion").asText()).isEqualTo("$LATEST");
    assertThat(res.path("functionError").asText()).isEqualTo("Unhandled");
    JsonNode info = r.path("DDBStreamBatchInfo");
    assertThat(info.path("shardId").asText()).isEqualTo("shardId-00000000000000000000");
    assertThat(info.path("startSequenceNumber").asText()).isEqualTo(String.format("%021d", 3));
    assertThat(info.path("endSequenceNumber").asText()).isEqualTo(String.format("%021d", 3));
    assertThat(info.path("approximateArrivalOfFirstRecord").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(info.path("approximateArrivalOfLastRecord").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(info.path("batchSize").asInt()).isEqualTo(1);
    assertThat(info.path("streamArn").asText())
        .isEqualTo("arn:aws:dynamodb:local:0:table/T/stream/x");
  }
}

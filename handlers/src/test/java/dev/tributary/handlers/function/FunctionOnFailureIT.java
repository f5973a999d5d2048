package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.handlers.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python function that crashes on one order, with bisection and an on-failure topic: the crash is
 * isolated to its record, which gives up after its attempts and is described on the topic in
 * Lambda's invocation-record format, naming the function; the other orders are handled.
 */
class FunctionOnFailureIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldSendTheCrashingRecordsInvocationRecordToTheOnFailureTopic() throws Exception {
    Path code = Files.createDirectories(dir.resolve("fn"));
    Path out = dir.resolve("out.txt");
    Files.writeString(
        code.resolve("app.py"),
        """
        import os, sys

        def handler(event, context):
            ids = [r["dynamodb"]["Keys"]["orderId"]["S"] for r in event["Records"]]
            if "ORD-BAD" in ids:
                sys.exit(3)
            with open(os.environ["OUT_FILE"], "a") as f:
                for i in ids:
                    f.write(i + "\\n")
        """);
    FunctionHandler.Builder function =
        FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
            .handler("app.handler")
            .functionName("orders-fn")
            .environment("OUT_FILE", out.toString());
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, at, "ORD-1", "a@example.com"),
            TestEvents.insert("Orders", 2, at, "ORD-2", "b@example.com"),
            TestEvents.insert("Orders", 3, at.plusSeconds(1), "ORD-BAD", "c@example.com"),
            TestEvents.insert("Orders", 4, at.plusSeconds(2), "ORD-4", "d@example.com"));
    try (PipelineTestKit kit = PipelineTestKit.start()) {
      LaneSpec lane =
          new LaneSpec(
              "fn",
              "onfail",
              function::build,
              Batching.of(10, Duration.ofMillis(300)),
              RetryPolicy.attempts(2)
                  .withBackoff(Duration.ofMillis(50), Duration.ofMillis(100), 2.0),
              true,
              "tributary.dlq.fn.onfail",
              false,
              StartingPosition.TRIM_HORIZON,
              Optional.of(OnFailure.topic("orders-fn-failures").functionName("orders-fn")));
      kit.createTopic(lane.laneTopic(), 1);
      for (ChangeEvent e : events) {
        kit.produce(
            lane.laneTopic(), ((AttributeValue.S) e.dynamodb().keys().get("orderId")).value(), e);
      }
      kit.flush();
      try (HandlerRunner runner = kit.run(lane)) {
        assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(90))).isTrue();
      }
      assertThat(Files.readAllLines(out))
          .contains("ORD-1", "ORD-2", "ORD-4")
          .doesNotContain("ORD-BAD");
      List<ConsumerRecord<byte[], byte[]>> records = kit.readAll("orders-fn-failures");
      assertThat(records).hasSize(1);
      JsonNode r = JSON.readTree(new String(records.get(0).value(), StandardCharsets.UTF_8));
      assertThat(r.at("/requestContext/functionArn").asText())
          .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:orders-fn");
      assertThat(r.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
      assertThat(r.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
      assertThat(r.at("/DDBStreamBatchInfo/startSequenceNumber").asText())
          .isEqualTo(events.get(2).dynamodb().sequenceNumber());
      assertThat(r.at("/DDBStreamBatchInfo/endSequenceNumber").asText())
          .isEqualTo(events.get(2).dynamodb().sequenceNumber());
      assertThat(r.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
      assertThat(r.at("/DDBStreamBatchInfo/approximateArrivalOfFirstRecord").asText())
          .isEqualTo("2026-03-01T10:00:01Z");
      assertThat(r.at("/DDBStreamBatchInfo/streamArn").asText())
          .isEqualTo(events.get(2).eventSourceArn());
      assertThat(kit.readAll(lane.deadLetterTopic())).hasSize(1);
    }
  }
}

package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.DeadLetterHeaders;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A function that crashes, hangs past its timeout or answers malformed JSON on one record (BAD),
 * with bisection, two attempts, key isolation and an on-failure topic: the batch is bisected down
 * to BAD, the other records are handled, BAD is retried and then dead-lettered with Lambda's error
 * type and described on the on-failure topic, and records of other keys written after BAD are
 * handled while BAD still waits for its retry.
 */
class FunctionFailureModesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
  private static PipelineTestKit kit;

  @TempDir Path dir;

  @BeforeAll
  static void startKafka() {
    kit = PipelineTestKit.start();
  }

  @AfterAll
  static void stopKafka() {
    kit.close();
  }

  /** A runtime of its own (provided): fails on BAD as MODE says, answers {} otherwise. */
  private static final String BOOTSTRAP =
      """
      #!/usr/bin/env python3
      import json, os, time, urllib.request
      API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
      def log(kind, keys):
          with open(os.environ["OUT_FILE"], "a") as f:
              f.write(json.dumps({"kind": kind, "keys": keys, "t": time.time(), "pid": os.getpid()}) + "\\n")
      while True:
          with urllib.request.urlopen(API + "next") as r:
              rid = r.headers["Lambda-Runtime-Aws-Request-Id"]
              event = json.loads(r.read())
          keys = [x["dynamodb"]["Keys"]["orderId"]["S"] for x in event["Records"]]
          log("start", keys)
          answer = b"{}"
          if "BAD" in keys:
              mode = os.environ["MODE"]
              if mode == "crash":
                  os._exit(3)
              if mode == "hang":
                  time.sleep(60)
              answer = b"{not json"
          else:
              log("done", keys)
          urllib.request.urlopen(urllib.request.Request(API + rid + "/response", data=answer, method="POST")).read()
      """;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "crash, Runtime.ExitError",
    "hang, Sandbox.Timedout",
    "malformed, Function.MalformedResponse"
  })
  void shouldBisectRetryDeadLetterAndReportTheBadRecordWithoutStallingOtherKeys(
      String mode, String errorType) throws Exception {
    Path code = Files.createDirectories(dir.resolve("fn"));
    Path bootstrap = code.resolve("bootstrap");
    Files.writeString(bootstrap, BOOTSTRAP);
    Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path out = dir.resolve("out.jsonl");
    FunctionHandler.Builder function =
        FunctionHandler.builder(FunctionRuntime.PROVIDED, code)
            .timeout(Duration.ofSeconds(1))
            .functionName("orders-" + mode)
            .environment("OUT_FILE", out.toString())
            .environment("MODE", mode);
    String failures = "orders-" + mode + "-failures";
    LaneSpec lane =
        new LaneSpec(
            "modes",
            mode,
            function::build,
            Batching.of(4, Duration.ofMillis(200)),
            RetryPolicy.attempts(2)
                .withBackoff(Duration.ofMillis(1500), Duration.ofMillis(1500), 1.0),
            true,
            "tributary.dlq.modes." + mode,
            true,
            StartingPosition.TRIM_HORIZON,
            Optional.of(OnFailure.topic(failures)));
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
            TestEvents.insert("Orders", 2, AT, "BAD", "b@example.com"),
            TestEvents.insert("Orders", 3, AT, "ORD-3", "c@example.com"),
            TestEvents.insert("Orders", 4, AT, "ORD-4", "d@example.com"),
            TestEvents.insert("Orders", 5, AT, "ORD-5", "e@example.com"),
            TestEvents.insert("Orders", 6, AT, "ORD-6", "f@example.com"));
    kit.createTopic(lane.laneTopic(), 1);
    for (ChangeEvent e : events) {
      kit.produce(
          lane.laneTopic(), ((AttributeValue.S) e.dynamodb().keys().get("orderId")).value(), e);
    }
    kit.flush();
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(90))).isTrue();
      assertThat(runner.failure()).isEmpty();
    }

    List<JsonNode> seen = new ArrayList<>();
    for (String l : Files.readAllLines(out)) {
      seen.add(JSON.readTree(l));
    }
    List<String> done = new ArrayList<>();
    seen.stream()
        .filter(s -> s.get("kind").asText().equals("done"))
        .forEach(s -> s.get("keys").forEach(k -> done.add(k.asText())));
    assertThat(done).containsExactlyInAnyOrder("ORD-1", "ORD-3", "ORD-4", "ORD-5", "ORD-6");
    List<JsonNode> badStarts =
        seen.stream()
            .filter(
                s ->
                    s.get("kind").asText().equals("start")
                        && s.get("keys").toString().contains("BAD"))
            .toList();
    // bisected down to BAD alone, which then had its two attempts
    assertThat(badStarts.stream().filter(s -> s.get("keys").size() == 1).count()).isEqualTo(2);
    double lastBad = badStarts.get(badStarts.size() - 1).get("t").asDouble();
    double ord5 =
        seen.stream()
            .filter(
                s ->
                    s.get("kind").asText().equals("done")
                        && s.get("keys").toString().contains("ORD-5"))
            .findFirst()
            .orElseThrow()
            .get("t")
            .asDouble();
    assertThat(ord5)
        .as("ORD-5, written after BAD, handled before BAD's last attempt")
        .isLessThan(lastBad);

    List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(lane.deadLetterTopic());
    assertThat(dead).hasSize(1);
    assertThat(
            new String(
                dead.get(0).headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE).value(),
                StandardCharsets.UTF_8))
        .contains(errorType);
    List<ConsumerRecord<byte[], byte[]>> records = kit.readAll(failures);
    assertThat(records).hasSize(1);
    JsonNode r = JSON.readTree(records.get(0).value());
    assertThat(r.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
    assertThat(r.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
    assertThat(r.at("/requestContext/functionArn").asText())
        .endsWith(":function:modes-" + mode); // the on-failure default: <pipeline>-<handler>
    assertThat(r.at("/DDBStreamBatchInfo/startSequenceNumber").asText())
        .isEqualTo(events.get(1).dynamodb().sequenceNumber());
    assertThat(r.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
  }
}

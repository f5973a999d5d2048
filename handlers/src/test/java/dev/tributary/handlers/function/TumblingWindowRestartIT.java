package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.handlers.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tumbling window's state survives a restart of the worker mid-window: the runner commits the
 * window's state with the lane's position (in the compacted state topic, same transaction), and the
 * next runner, with a new function process, goes on with that state.
 */
class TumblingWindowRestartIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldCarryTheWindowStateAcrossARestartMidWindow() throws Exception {
    Path code = Files.createDirectories(dir.resolve("fn"));
    Path out = dir.resolve("out.jsonl");
    Files.writeString(
        code.resolve("app.py"),
        """
        import json, os

        def handler(event, context):
            ids = [r["dynamodb"]["Keys"]["orderId"]["S"] for r in event["Records"]]
            with open(os.environ["OUT_FILE"], "a") as f:
                f.write(json.dumps({"start": event["window"]["start"], "ids": ids, "state": event["state"],
                                    "final": event["isFinalInvokeForWindow"], "pid": os.getpid()}) + "\\n")
            return {"state": {"count": event["state"].get("count", 0) + len(ids)}}
        """);
    FunctionHandler.Builder function =
        FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
            .handler("app.handler")
            .environment("OUT_FILE", out.toString())
            .tumblingWindow(Duration.ofMinutes(15));
    // Two 15-minute windows wholly in the future, so no timer closes the first during the test.
    Instant w1 = Instant.ofEpochSecond((Instant.now().getEpochSecond() / 900 + 1) * 900);
    Instant w2 = w1.plusSeconds(900);
    LaneSpec lane =
        new LaneSpec(
            "win",
            "restart",
            function::build,
            Batching.of(10, Duration.ofMillis(200)),
            RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(50), Duration.ofMillis(100), 2.0),
            false,
            "tributary.dlq.win.restart",
            false,
            StartingPosition.TRIM_HORIZON,
            Optional.empty());
    try (PipelineTestKit kit = PipelineTestKit.start()) {
      kit.createTopic(lane.laneTopic(), 1);
      produce(
          kit, lane, List.of(order(1, w1.plusSeconds(5), "A"), order(2, w1.plusSeconds(20), "B")));
      try (HandlerRunner first = kit.run(lane)) {
        assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(60))).isTrue();
      }
      assertThat(kit.readAll(Topics.stateTopic("win", "restart"))).isNotEmpty();
      // the worker is down; the table goes on changing
      produce(
          kit, lane, List.of(order(3, w1.plusSeconds(40), "C"), order(4, w2.plusSeconds(1), "D")));
      try (HandlerRunner second = kit.run(lane)) {
        assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(60))).isTrue();
      }
    }
    List<JsonNode> calls = new ArrayList<>();
    for (String l : Files.readAllLines(out)) {
      calls.add(JSON.readTree(l));
    }
    List<String> seen =
        calls.stream()
            .map(
                c ->
                    c.get("start").asText().substring(11)
                        + " "
                        + c.get("ids")
                        + " "
                        + c.get("state")
                        + (c.get("final").asBoolean() ? " final" : ""))
            .toList();
    String s1 = w1.toString().substring(11);
    String s2 = w2.toString().substring(11);
    assertThat(seen.subList(seen.size() - 3, seen.size()))
        .containsExactly(
            s1 + " [\"C\"] {\"count\":2}", // after the restart: the state of A and B, carried on
            s1 + " [] {\"count\":3} final",
            s2 + " [\"D\"] {}");
    assertThat(calls.get(0).get("pid").asLong())
        .isNotEqualTo(calls.get(calls.size() - 1).get("pid").asLong());
  }

  private static ChangeEvent order(int seq, Instant at, String id) {
    return TestEvents.insert("Orders", seq, at, id, id + "@example.com");
  }

  private static void produce(PipelineTestKit kit, LaneSpec lane, List<ChangeEvent> events) {
    for (ChangeEvent e : events) {
      kit.produce(
          lane.laneTopic(), ((AttributeValue.S) e.dynamodb().keys().get("orderId")).value(), e);
    }
    kit.flush();
  }
}

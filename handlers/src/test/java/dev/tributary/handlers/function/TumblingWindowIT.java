package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.handlers.TestEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda's TumblingWindowInSeconds with a real Python function: the state the function returns is
 * passed to the next invocation of its window, the window's final invocation carries the last state
 * and no records, a failed batch leaves the state as it was, a response without state fails, and a
 * timer sends the final invocation once the window's end has passed.
 */
class TumblingWindowIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private FunctionHandler function(Duration window) throws Exception {
    Path code = Files.createDirectories(dir.resolve("fn"));
    Files.writeString(
        code.resolve("app.py"),
        """
        import json, os

        def handler(event, context):
            ids = [r["dynamodb"]["Keys"]["orderId"]["S"] for r in event["Records"]]
            with open(os.environ["OUT_FILE"], "a") as f:
                f.write(json.dumps({"window": event["window"], "state": event["state"], "ids": ids,
                                    "final": event["isFinalInvokeForWindow"], "early": event["isWindowTerminatedEarly"],
                                    "shardId": event["shardId"], "arn": event["eventSourceARN"]}) + "\\n")
            if "BAD" in ids:
                raise ValueError("bad order")
            if "NOSTATE" in ids:
                return {}
            return {"state": {"count": event["state"].get("count", 0) + len(ids)}}
        """);
    FunctionHandler f =
        FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
            .handler("app.handler")
            .environment("OUT_FILE", dir.resolve("out.jsonl").toString())
            .tumblingWindow(window)
            .build();
    f.open(context());
    return f;
  }

  private List<JsonNode> out() throws Exception {
    Path f = dir.resolve("out.jsonl");
    List<JsonNode> lines = new ArrayList<>();
    if (Files.exists(f)) {
      for (String l : Files.readAllLines(f)) {
        lines.add(JSON.readTree(l));
      }
    }
    return lines;
  }

  private static ChangeEvent order(int seq, Instant at, String id) {
    return TestEvents.insert("Orders", seq, at, id, id + "@example.com");
  }

  @Test
  void shouldPassTheStateBetweenTheInvocationsOfAWindowAndEndItWithAFinalInvocation()
      throws Exception {
    // Two 15-minute windows wholly in the future, so the timer closes neither during the test.
    long size = 900;
    Instant w1 = Instant.ofEpochSecond((Instant.now().getEpochSecond() / size + 1) * size);
    Instant w2 = w1.plusSeconds(size);
    try (FunctionHandler f = function(Duration.ofSeconds(size))) {
      assertThat(
              f.handle(
                  List.of(order(1, w1.plusSeconds(5), "A"), order(2, w1.plusSeconds(20), "B")),
                  context()))
          .isEqualTo(BatchResult.success());
      assertThat(f.handle(List.of(order(3, w1.plusSeconds(40), "C")), context()))
          .isEqualTo(BatchResult.success());
      assertThatThrownBy(() -> f.handle(List.of(order(4, w1.plusSeconds(50), "BAD")), context()))
          .isInstanceOf(FunctionInvocationException.class)
          .hasMessageContaining("ValueError");
      assertThat(
              f.handle(
                  List.of(order(5, w1.plusSeconds(60), "D"), order(6, w2.plusSeconds(1), "E")),
                  context()))
          .isEqualTo(BatchResult.success());
      assertThatThrownBy(() -> f.handle(List.of(order(7, w2.plusSeconds(2), "NOSTATE")), context()))
          .isInstanceOf(FunctionInvocationException.class)
          .hasMessageContaining("Function.MalformedResponse")
          .hasMessageContaining("state");
      assertThat(f.handle(List.of(order(8, w2.plusSeconds(3), "F")), context()))
          .isEqualTo(BatchResult.success());
    }
    List<JsonNode> calls = out();
    List<String> seen =
        calls.stream()
            .map(
                c ->
                    c.get("window").get("start").asText().substring(11)
                        + " "
                        + c.get("ids")
                        + " "
                        + c.get("state")
                        + (c.get("final").asBoolean() ? " final" : ""))
            .toList();
    String s1 = w1.toString().substring(11);
    String s2 = w2.toString().substring(11);
    assertThat(seen)
        .containsExactly(
            s1 + " [\"A\",\"B\"] {}",
            s1 + " [\"C\"] {\"count\":2}",
            s1 + " [\"BAD\"] {\"count\":3}",
            s1 + " [\"D\"] {\"count\":3}", // the failed batch left the state as it was
            s1 + " [] {\"count\":4} final", // the window ends before the first record of the next
            s2 + " [\"E\"] {}",
            s2 + " [\"NOSTATE\"] {\"count\":1}",
            s2 + " [\"F\"] {\"count\":1}"); // a response without state failed: state unchanged
    JsonNode first = calls.get(0);
    assertThat(first.get("window").get("end").asText()).isEqualTo(w1.plusSeconds(size).toString());
    assertThat(first.get("shardId").asText()).isEqualTo("shardId-00000000000000000003");
    assertThat(first.get("arn").asText()).contains(":table/Orders/stream/");
    assertThat(first.get("early").asBoolean()).isFalse();
  }

  @Test
  void shouldSendTheFinalInvocationOnceTheWindowHasEndedWithoutANewRecord() throws Exception {
    try (FunctionHandler f = function(Duration.ofSeconds(1))) {
      assertThat(f.handle(List.of(order(1, Instant.now(), "A")), context()))
          .isEqualTo(BatchResult.success());
      await().atMost(Duration.ofSeconds(10)).until(() -> out().size() == 2);
      JsonNode last = out().get(1);
      assertThat(last.get("final").asBoolean()).isTrue();
      assertThat(last.get("ids")).isEmpty();
      assertThat(last.get("state").get("count").asInt()).isEqualTo(1);
      Thread.sleep(1500);
      assertThat(out()).hasSize(2); // one final invocation per window
    }
  }

  @Test
  void shouldRejectAWindowOutsideLambdasRange() {
    Path code = dir;
    assertThatThrownBy(
            () ->
                FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
                    .tumblingWindow(Duration.ofSeconds(901)))
        .hasMessageContaining("tumblingWindow")
        .hasMessageContaining("900");
    assertThatThrownBy(
            () ->
                FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
                    .tumblingWindow(Duration.ofMillis(1500)))
        .hasMessageContaining("whole seconds");
  }

  private static BatchContext context() {
    return BatchContext.of("orders", "window", 1, 3, 0, 0);
  }
}

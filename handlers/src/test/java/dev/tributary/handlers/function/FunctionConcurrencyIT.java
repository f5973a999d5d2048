package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.handlers.TestEvents;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lambda's ParallelizationFactor: with {@code concurrency: 3} a lane partition's batches run in
 * three processes at once, and, as Lambda promises for DynamoDB, the changes of one item (its
 * partition and sort key) stay in order. Items that share a partition key but not a sort key may
 * run side by side, as on Lambda.
 */
class FunctionConcurrencyIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  @Test
  void shouldKeepEachItemsChangesInOrderWhileInvocationsRunConcurrently() throws Exception {
    Path code = Files.createDirectories(dir.resolve("fn"));
    Path out = dir.resolve("out.jsonl");
    Files.writeString(
        code.resolve("app.py"),
        """
        import json, os, random, time

        def handler(event, context):
            start = time.time()
            lines = []
            for r in event["Records"]:
                time.sleep(random.uniform(0, 0.02))
                k = r["dynamodb"]["Keys"]
                with open(os.environ["OUT_FILE"], "a") as f:
                    f.write(json.dumps({"item": k["customerId"]["S"] + "/" + k["orderId"]["S"],
                                        "seq": int(r["dynamodb"]["SequenceNumber"]), "pid": os.getpid(),
                                        "start": start, "end": None}) + "\\n")
            with open(os.environ["OUT_FILE"], "a") as f:
                f.write(json.dumps({"item": None, "pid": os.getpid(), "start": start, "end": time.time()}) + "\\n")
        """);
    // 5 customers (partition key) x 2 orders (sort key) = 10 items, 6 changes each, interleaved
    List<ChangeEvent> events = new ArrayList<>();
    int seq = 0;
    for (int round = 0; round < 6; round++) {
      for (int c = 0; c < 5; c++) {
        for (int o = 0; o < 2; o++) {
          Map<String, AttributeValue> key = new LinkedHashMap<>();
          key.put("customerId", new AttributeValue.S("C" + c));
          key.put("orderId", new AttributeValue.S("O" + o));
          Map<String, AttributeValue> image = new LinkedHashMap<>(key);
          image.put("round", new AttributeValue.N(BigDecimal.valueOf(round)));
          events.add(TestEvents.event("Orders", EventName.MODIFY, ++seq, AT, key, image, image));
        }
      }
    }
    FunctionHandler.Builder function =
        FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
            .handler("app.handler")
            .environment("OUT_FILE", out.toString())
            .concurrency(3);
    LaneSpec lane =
        new LaneSpec(
            "par",
            "items",
            function::build,
            Batching.of(30, Duration.ofMillis(200)),
            RetryPolicy.attempts(3),
            false,
            "tributary.dlq.par.items",
            false);
    try (PipelineTestKit kit = PipelineTestKit.start()) {
      kit.createTopic(lane.laneTopic(), 1);
      for (ChangeEvent e : events) {
        kit.produce(
            lane.laneTopic(),
            ((AttributeValue.S) e.dynamodb().keys().get("customerId")).value(),
            e);
      }
      kit.flush();
      try (HandlerRunner runner = kit.run(lane)) {
        assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(60))).isTrue();
      }
      assertThat(kit.readAll(lane.deadLetterTopic())).isEmpty();
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out)) {
      lines.add(JSON.readTree(l));
    }
    Map<String, List<Integer>> perItem = new LinkedHashMap<>();
    Map<String, Set<Long>> pidsPerCustomer = new LinkedHashMap<>();
    List<double[]> invocations = new ArrayList<>();
    Set<Long> pids = new HashSet<>();
    for (JsonNode l : lines) {
      pids.add(l.get("pid").asLong());
      if (l.get("item").isNull()) {
        invocations.add(new double[] {l.get("start").asDouble(), l.get("end").asDouble()});
        continue;
      }
      String item = l.get("item").asText();
      perItem.computeIfAbsent(item, i -> new ArrayList<>()).add(l.get("seq").asInt());
      pidsPerCustomer
          .computeIfAbsent(item.split("/")[0], c -> new HashSet<>())
          .add(l.get("pid").asLong());
    }
    assertThat(perItem).hasSize(10);
    for (Map.Entry<String, List<Integer>> item : perItem.entrySet()) {
      List<Integer> s = item.getValue();
      assertThat(s)
          .as("changes of item %s, in the order the function saw them", item.getKey())
          .hasSize(6)
          .isSorted();
    }
    assertThat(pids).as("processes that ran invocations").hasSize(3);
    assertThat(overlapping(invocations))
        .as("invocations running at the same time")
        .isGreaterThanOrEqualTo(2);
    // the items of one partition key are spread over processes: order is per item, not per
    // partition key
    assertThat(pidsPerCustomer.values()).anyMatch(p -> p.size() > 1);
  }

  private static int overlapping(List<double[]> intervals) {
    int most = 0;
    for (double[] a : intervals) {
      int n = 0;
      for (double[] b : intervals) {
        if (b[0] <= a[0] && a[0] < b[1]) {
          n++;
        }
      }
      most = Math.max(most, n);
    }
    return most;
  }
}

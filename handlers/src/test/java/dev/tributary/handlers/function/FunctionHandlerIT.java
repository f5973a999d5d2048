package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.handlers.TestEvents;
import dev.tributary.handlers.function.internal.KeyGroups;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Real Python and Node.js functions run by the worker through the Lambda Runtime API, fed by a lane
 * of a real embedded Kafka broker.
 */
class FunctionHandlerIT {
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

  @Test
  void shouldHandThePythonFunctionTheExactStreamsEventWithLambdasContextAndEnvironment()
      throws Exception {
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "ada@example.com"),
            TestEvents.modify("Orders", 2, AT, "ORD-1", "PLACED", "SHIPPED"),
            TestEvents.remove("Orders", 3, AT, "ORD-1"));
    Logger functionLog =
        (Logger) LoggerFactory.getLogger("tributary.function.process_order_stream");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    functionLog.setLevel(Level.INFO);
    functionLog.addAppender(lines);
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "exact",
            python("app.record")
                .memoryMb(256)
                .timeout(Duration.ofSeconds(5))
                .functionName("process_order_stream")
                .environment("ORDERS_TABLE", "Orders"),
            events);

    List<JsonNode> seen = out();
    List<JsonNode> records = new ArrayList<>();
    assertThat(dead).isEmpty();
    seen.forEach(s -> s.get("received").get("Records").forEach(records::add));
    assertThat(records)
        .isEqualTo(toList(JSON.readTree(ChangeEventJson.toLambdaEvent(events)).get("Records")));
    JsonNode first = seen.get(0);
    JsonNode ctx = first.get("ctx");
    assertThat(ctx.get("function_name").asText()).isEqualTo("process_order_stream");
    assertThat(ctx.get("function_version").asText()).isEqualTo("$LATEST");
    assertThat(ctx.get("memory_limit_in_mb").asText()).isEqualTo("256");
    assertThat(ctx.get("invoked_function_arn").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:process_order_stream");
    assertThat(ctx.get("log_group_name").asText()).isEqualTo("/aws/lambda/process_order_stream");
    assertThat(ctx.get("log_stream_name").asText())
        .matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}");
    assertThat(ctx.get("aws_request_id").asText())
        .matches("[0-9a-f-]{36}")
        .isEqualTo(first.get("requestId").asText());
    assertThat(ctx.get("remaining").asLong()).isBetween(1L, 5_000L);
    JsonNode env = first.get("env");
    assertThat(env.get("AWS_LAMBDA_RUNTIME_API").asText()).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(env.get("_HANDLER").asText()).isEqualTo("app.record");
    assertThat(Path.of(env.get("LAMBDA_TASK_ROOT").asText())).isEqualTo(code("python"));
    assertThat(env.get("AWS_LAMBDA_FUNCTION_NAME").asText()).isEqualTo("process_order_stream");
    assertThat(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").asText()).isEqualTo("256");
    assertThat(env.get("AWS_REGION").asText()).isEqualTo("us-east-1");
    assertThat(env.get("AWS_DEFAULT_REGION").asText()).isEqualTo("us-east-1");
    assertThat(env.get("AWS_EXECUTION_ENV").asText()).isEqualTo("AWS_Lambda_python3");
    assertThat(env.get("TZ").asText()).isEqualTo(":UTC");
    assertThat(env.get("ORDERS_TABLE").asText()).isEqualTo("Orders");
    assertThat(env.get("_X_AMZN_TRACE_ID").asText()).startsWith("Root=1-");
    // the function's stdout is in the worker's log, under the function's name
    functionLog.detachAppender(lines);
    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(l -> l.matches("process_order_stream\\[0\\.1\\] handled \\d record\\(s\\)"));
  }

  @Test
  void shouldInvokeTheFunctionOnlyWithRecordsMatchingItsFilterCriteria() throws Exception {
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
            TestEvents.modify("Orders", 2, AT, "ORD-1", "PLACED", "SHIPPED"),
            TestEvents.insert("Orders", 3, AT, "ORD-2", "b@example.com"),
            TestEvents.remove("Orders", 4, AT, "ORD-1"),
            TestEvents.modify("Orders", 5, AT, "ORD-2", "PLACED", "CANCELLED"));
    FilterCriteria shippedOrRemoved =
        FilterCriteria.of(
            "{\"eventName\": [\"MODIFY\"], \"dynamodb\": {\"NewImage\": {\"status\": {\"S\": [\"SHIPPED\"]}}}}",
            "{\"eventName\": [\"REMOVE\"]}");
    List<ConsumerRecord<byte[], byte[]>> dead =
        run("filtered", python("app.record").filterCriteria(shippedOrRemoved), events);

    List<String> received = new ArrayList<>();
    out()
        .forEach(
            s ->
                s.get("received")
                    .get("Records")
                    .forEach(r -> received.add(r.get("eventID").asText())));
    assertThat(received).containsExactly(events.get(1).eventId(), events.get(3).eventId());
    assertThat(dead).isEmpty();
  }

  @Test
  void shouldRetryFromTheFirstReportedItemFailureAsLambdaDoes() throws Exception {
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
            TestEvents.insert("Orders", 2, AT, "ORD-2", "b@example.com"),
            TestEvents.insert("Orders", 3, AT, "ORD-3", "c@example.com"));
    List<ConsumerRecord<byte[], byte[]>> dead = run("partial", python("app.partial"), events);

    assertThat(retriedAfterFirst()).containsExactly("ORD-2", "ORD-3");
    assertThat(dead).isEmpty();
  }

  @Test
  void shouldRetryABatchWhoseFunctionRaisedAndDeadLetterWhatAlwaysRaises() throws Exception {
    List<ChangeEvent> events =
        List.of(TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"));
    run("raises", python("app.raises"), events);
    assertThat(keysPerInvocation()).containsExactly(List.of("ORD-1"), List.of("ORD-1"));

    Files.writeString(outFile(), "");
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "raises-always",
            python("app.raises"),
            List.of(TestEvents.insert("Orders", 2, AT, "ALWAYS", "x@example.com")));
    assertThat(keysPerInvocation()).hasSize(3);
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE))
        .contains("ValueError: order ALWAYS cannot be processed");
  }

  @Test
  void shouldBisectABatchWhoseFunctionFailsAndDeadLetterOnlyTheBadRecord() throws Exception {
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
            TestEvents.insert("Orders", 2, AT, "BAD", "b@example.com"),
            TestEvents.insert("Orders", 3, AT, "ORD-3", "c@example.com"),
            TestEvents.insert("Orders", 4, AT, "ORD-4", "d@example.com"));
    List<ConsumerRecord<byte[], byte[]>> dead =
        run("bisect", python("app.rejects_bad"), events, false, true);

    assertThat(dead).hasSize(1);
    assertThat(key(ChangeEventJson.fromJson(dead.get(0).value()))).isEqualTo("BAD");
    assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE))
        .contains("ValueError: order BAD is malformed");
    // the good records were handled in invocations without the bad one
    List<String> handledAlone = new ArrayList<>();
    keysPerInvocation().stream().filter(k -> !k.contains("BAD")).forEach(handledAlone::addAll);
    assertThat(handledAlone).contains("ORD-1", "ORD-3", "ORD-4");
  }

  @Test
  void shouldKillAFunctionThatHangsPastItsTimeoutRetryInANewProcessAndNotStallOtherKeys()
      throws Exception {
    ChangeEvent hang = TestEvents.insert("Orders", 1, AT, "HANG", "h@example.com");
    ChangeEvent other = otherGroupThan(hang, 2);
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "hangs",
            python("app.hangs").timeout(Duration.ofSeconds(3)).concurrency(2),
            List.of(hang, other),
            true);

    List<JsonNode> seen = out();
    JsonNode hangStart = find(seen, "start", "HANG", 0);
    JsonNode otherDone = find(seen, "done", key(other), 0);
    JsonNode hangDone = find(seen, "done", "HANG", 0);
    // the other key finished while HANG's process still hung (before its 3 s timeout)
    assertThat(otherDone.get("time").asDouble() - hangStart.get("time").asDouble()).isLessThan(3.0);
    assertThat(otherDone.get("pid").asLong()).isNotEqualTo(hangStart.get("pid").asLong());
    // HANG was retried in a new process after the old one was killed
    assertThat(hangDone.get("pid").asLong()).isNotEqualTo(hangStart.get("pid").asLong());
    assertThat(hangDone.get("time").asDouble() - hangStart.get("time").asDouble())
        .isGreaterThanOrEqualTo(3.0);
    assertThat(ProcessHandle.of(hangStart.get("pid").asLong()).map(ProcessHandle::isAlive))
        .isNotEqualTo(Optional.of(true));
    assertThat(
            seen.stream()
                .filter(
                    s ->
                        s.get("kind").asText().equals("done")
                            && !s.get("keys").get(0).asText().equals("HANG")))
        .hasSize(1);
    assertThat(dead).isEmpty();
  }

  @Test
  void shouldFailTheInvocationOfAFunctionThatExitsAndRestartIt() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "crashes",
            python("app.crashes"),
            List.of(TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com")));
    List<JsonNode> seen = out();
    assertThat(seen).hasSize(2);
    assertThat(seen.get(1).get("pid").asLong()).isNotEqualTo(seen.get(0).get("pid").asLong());
    assertThat(dead).isEmpty();

    List<ConsumerRecord<byte[], byte[]>> always =
        run(
            "crashes-always",
            python("app.crashes"),
            List.of(TestEvents.insert("Orders", 2, AT, "ALWAYS", "x@example.com")));
    assertThat(always).hasSize(1);
    assertThat(header(always.get(0), DeadLetterHeaders.ERROR_MESSAGE))
        .contains("Runtime.ExitError")
        .contains("Runtime exited with error: exit status 3");
  }

  @Test
  void shouldReportAnInitErrorOfAModuleThatCannotBeImported() throws Exception {
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "init-error",
            python("no_such_module.handler"),
            List.of(TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com")));
    assertThat(dead).hasSize(1);
    assertThat(header(dead.get(0), DeadLetterHeaders.ERROR_MESSAGE))
        .contains("Runtime.ImportModuleError")
        .contains("Unable to import module 'no_such_module'");
  }

  @Test
  void shouldServeTheRuntimeApiWithAwsStatusCodesAndRetryAMalformedResponse() throws Exception {
    Path code = Files.createDirectories(dir.resolve("provided"));
    Path bootstrap = code.resolve("bootstrap");
    Files.writeString(bootstrap, PROVIDED_BOOTSTRAP);
    Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "provided",
            FunctionHandler.builder(FunctionRuntime.PROVIDED, code)
                .timeout(Duration.ofSeconds(10))
                .environment(env()),
            List.of(TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com")));

    List<JsonNode> seen = out();
    assertThat(seen).hasSize(3);
    JsonNode one = seen.get(0);
    assertThat(one.get("status").asInt()).isEqualTo(200);
    assertThat(one.get("requestId").asText()).matches("[0-9a-f-]{36}");
    assertThat(one.get("deadlineMs").asLong() - one.get("nowMs").asLong())
        .isBetween(8_000L, 10_000L);
    assertThat(one.get("arn").asText())
        .startsWith("arn:aws:lambda:us-east-1:000000000000:function:fn-provided");
    assertThat(one.get("trace").asText())
        .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
    assertThat(one.get("keys")).containsExactly(JSON.getNodeFactory().textNode("ORD-1"));
    assertThat(one.get("wrongId").asInt()).isEqualTo(400);
    assertThat(one.get("initErrorAfterInit").asInt()).isEqualTo(403);
    assertThat(one.get("malformed").asInt())
        .isEqualTo(202); // accepted, but not JSON: the batch is retried
    JsonNode two = seen.get(1);
    assertThat(two.get("tooLarge").asInt()).isEqualTo(413);
    JsonNode three = seen.get(2);
    assertThat(three.get("ok").asInt()).isEqualTo(202);
    assertThat(three.get("again").asInt()).isEqualTo(400);
    assertThat(dead).isEmpty();
  }

  @Test
  void shouldRunANodeFunctionAndItsBatchItemFailures() throws Exception {
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
            TestEvents.insert("Orders", 2, AT, "ORD-2", "b@example.com"),
            TestEvents.insert("Orders", 3, AT, "ORD-3", "c@example.com"));
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "node",
            FunctionHandler.builder(FunctionRuntime.NODEJS, code("node"))
                .handler("index.handler")
                .memoryMb(512)
                .functionName("orders-node")
                .environment(env()),
            events);

    assertThat(retriedAfterFirst()).containsExactly("ORD-2", "ORD-3");
    JsonNode first = out().get(0);
    assertThat(first.get("functionName").asText()).isEqualTo("orders-node");
    assertThat(first.get("memory").asText()).isEqualTo("512");
    assertThat(first.get("arn").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:orders-node");
    assertThat(first.get("remaining").asLong()).isBetween(1L, 3_000L);
    assertThat(first.get("eventNames")).hasSize(3);
    assertThat(dead).isEmpty();
  }

  /**
   * AWS's own Node.js runtime interface client, unchanged, when one is installed:
   * TRIBUTARY_AWS_LAMBDA_RIC names its package directory. ./run-tests installs it (npm install
   * --ignore-scripts aws-lambda-ric@3.3.0) and sets the variable whenever npm is present.
   */
  @Test
  void shouldRunANodeFunctionUnderAwsLambdaRic() throws Exception {
    String ric = System.getenv("TRIBUTARY_AWS_LAMBDA_RIC");
    Assumptions.assumeTrue(
        ric != null && !ric.isBlank(),
        "TRIBUTARY_AWS_LAMBDA_RIC is not set (./run-tests sets it when npm is present and aws-lambda-ric builds)");
    Assumptions.assumeTrue(
        Files.isRegularFile(Path.of(ric, "bin", "index.mjs")),
        "TRIBUTARY_AWS_LAMBDA_RIC="
            + ric
            + " holds no bin/index.mjs: not an aws-lambda-ric package directory");
    List<ChangeEvent> events =
        List.of(
            TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
            TestEvents.insert("Orders", 2, AT, "ORD-2", "b@example.com"),
            TestEvents.insert("Orders", 3, AT, "ORD-3", "c@example.com"));
    List<ConsumerRecord<byte[], byte[]>> dead =
        run(
            "aws-ric",
            FunctionHandler.builder(
                    List.of("node", Path.of(ric, "bin", "index.mjs").toString(), "index.handler"),
                    code("node"))
                .functionName("orders-ric")
                .environment(env()),
            events);

    assertThat(retriedAfterFirst()).containsExactly("ORD-2", "ORD-3");
    JsonNode first = out().get(0);
    assertThat(first.get("functionName").asText()).isEqualTo("orders-ric");
    assertThat(first.get("arn").asText())
        .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:orders-ric");
    assertThat(first.get("remaining").asLong()).isBetween(1L, 3_000L);
    assertThat(dead).isEmpty();
  }

  // --- helpers

  private static final String PROVIDED_BOOTSTRAP =
      """
      #!/usr/bin/env python3
      # A runtime of its own (provided): probes the Runtime API's status codes, answers malformed JSON once.
      import json, os, time, urllib.request, urllib.error
      API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime"
      def call(method, path, body=None):
          req = urllib.request.Request(API + path, data=body, method=method)
          try:
              with urllib.request.urlopen(req) as r:
                  return r.status, r.headers, r.read()
          except urllib.error.HTTPError as e:
              return e.code, e.headers, e.read()
      n = 0
      while True:
          status, headers, body = call("GET", "/invocation/next")
          rid = headers.get("Lambda-Runtime-Aws-Request-Id")
          n += 1
          out = {"n": n, "status": status, "requestId": rid, "nowMs": int(time.time() * 1000),
                 "deadlineMs": int(headers.get("Lambda-Runtime-Deadline-Ms")),
                 "arn": headers.get("Lambda-Runtime-Invoked-Function-Arn"),
                 "trace": headers.get("Lambda-Runtime-Trace-Id"),
                 "keys": [r["dynamodb"]["Keys"]["orderId"]["S"] for r in json.loads(body)["Records"]]}
          if n == 1:
              out["wrongId"] = call("POST", "/invocation/not-%s/response" % rid, b"{}")[0]
              out["initErrorAfterInit"] = call("POST", "/init/error", b'{"errorMessage":"late","errorType":"X"}')[0]
              out["malformed"] = call("POST", "/invocation/%s/response" % rid, b"{not json")[0]
          elif n == 2:
              out["tooLarge"] = call("POST", "/invocation/%s/response" % rid, b" " * 7000000)[0]
          else:
              out["ok"] = call("POST", "/invocation/%s/response" % rid, b'{"batchItemFailures": []}')[0]
              out["again"] = call("POST", "/invocation/%s/response" % rid, b"{}")[0]
          with open(os.environ["OUT_FILE"], "a") as f:
              f.write(json.dumps(out) + "\\n")
      """;

  private FunctionHandler.Builder python(String handler) throws Exception {
    return FunctionHandler.builder(FunctionRuntime.PYTHON3, code("python"))
        .handler(handler)
        .environment(env());
  }

  private Map<String, String> env() throws IOException {
    Path markers = Files.createDirectories(dir.resolve("markers"));
    return Map.of("OUT_FILE", outFile().toString(), "MARKERS", markers.toString());
  }

  private Path outFile() {
    return dir.resolve("out.jsonl");
  }

  private static Path code(String name) throws URISyntaxException {
    return Path.of(FunctionHandlerIT.class.getResource("/functions/" + name).toURI());
  }

  /**
   * Runs the function over {@code events} until the lane is caught up; returns the dead letters.
   */
  private List<ConsumerRecord<byte[], byte[]>> run(
      String name, FunctionHandler.Builder function, List<ChangeEvent> events) {
    return run(name, function, events, false);
  }

  private List<ConsumerRecord<byte[], byte[]>> run(
      String name,
      FunctionHandler.Builder function,
      List<ChangeEvent> events,
      boolean isolateFailingKeys) {
    return run(name, function, events, isolateFailingKeys, false);
  }

  private List<ConsumerRecord<byte[], byte[]>> run(
      String name,
      FunctionHandler.Builder function,
      List<ChangeEvent> events,
      boolean isolateFailingKeys,
      boolean bisect) {
    LaneSpec lane =
        new LaneSpec(
            "fn",
            name,
            function::build,
            Batching.of(10, Duration.ofMillis(300)),
            RetryPolicy.attempts(3)
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(400), 2.0),
            bisect,
            "tributary.dlq.fn." + name,
            isolateFailingKeys);
    kit.createTopic(lane.laneTopic(), 1);
    for (ChangeEvent e : events) {
      kit.produce(lane.laneTopic(), key(e), e);
    }
    kit.flush();
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(60))).as("lane caught up").isTrue();
      assertThat(runner.failure()).isEmpty();
    }
    return kit.readAll(lane.deadLetterTopic());
  }

  private List<JsonNode> out() throws IOException {
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(outFile())) {
      for (String line : Files.readAllLines(outFile())) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  /**
   * The first invocation had every event; then only the first reported failure and what follows it
   * came again.
   */
  private List<String> retriedAfterFirst() throws IOException {
    List<List<String>> all = keysPerInvocation();
    assertThat(all.get(0)).containsExactly("ORD-1", "ORD-2", "ORD-3");
    return all.subList(1, all.size()).stream().flatMap(List::stream).toList();
  }

  private List<List<String>> keysPerInvocation() throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (JsonNode n : out()) {
      List<String> keys = new ArrayList<>();
      n.get("keys").forEach(k -> keys.add(k.asText()));
      out.add(keys);
    }
    return out;
  }

  private static List<JsonNode> toList(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static JsonNode find(List<JsonNode> seen, String kind, String key, int nth) {
    return seen.stream()
        .filter(
            s -> s.get("kind").asText().equals(kind) && s.get("keys").get(0).asText().equals(key))
        .skip(nth)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + kind + "' of " + key + " in " + seen));
  }

  /** An event whose key lands in another process than {@code event}'s. */
  private static ChangeEvent otherGroupThan(ChangeEvent event, int groups) {
    for (int i = 1; ; i++) {
      ChangeEvent candidate = TestEvents.insert("Orders", 2, AT, "ORD-" + i, "o@example.com");
      List<List<ChangeEvent>> split = KeyGroups.split(List.of(event, candidate), groups);
      if (split.stream().noneMatch(g -> g.size() == 2)) {
        return candidate;
      }
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static String key(ChangeEvent e) {
    return ((AttributeValue.S) e.dynamodb().keys().get("orderId")).value();
  }
}

package dev.tributary.handlers.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.core.runner.HandlerRunner;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.handlers.TestEvents;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.local.LocalS3;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DestinationConfig.OnFailure to an S3 bucket (S3Proxy) and to a webhook (a local HTTP server): a
 * handler that always fails on ORD-BAD gives up on it after two attempts; the invocation record
 * arrives in Lambda's format (S3: under Lambda's key layout, with the payload); a webhook that is
 * down holds the partition's position until it takes the record.
 */
class FailureDestinationsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  /** Fails every batch holding ORD-BAD; the others succeed. */
  static final class FailsOnBad implements ChangeHandler {
    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      for (ChangeEvent e : batch) {
        if (id(e).equals("ORD-BAD")) {
          return BatchResult.failed(List.of(e));
        }
      }
      return BatchResult.success();
    }
  }

  private static String id(ChangeEvent e) {
    return ((AttributeValue.S) e.dynamodb().keys().get("orderId")).value();
  }

  private static List<ChangeEvent> events() {
    return List.of(
        TestEvents.insert("Orders", 1, AT, "ORD-1", "a@example.com"),
        TestEvents.insert("Orders", 2, AT.plusSeconds(1), "ORD-BAD", "b@example.com"),
        TestEvents.insert("Orders", 3, AT.plusSeconds(2), "ORD-3", "c@example.com"));
  }

  private static LaneSpec lane(String name, OnFailure onFailure) {
    Supplier<ChangeHandler> handler = FailsOnBad::new;
    return new LaneSpec(
        "fd",
        name,
        handler,
        Batching.of(1, Duration.ofMillis(10)),
        RetryPolicy.attempts(2).withBackoff(Duration.ofMillis(50), Duration.ofMillis(100), 2.0),
        false,
        "tributary.dlq.fd." + name,
        false,
        StartingPosition.TRIM_HORIZON,
        Optional.of(onFailure));
  }

  private static void produce(PipelineTestKit kit, LaneSpec lane) {
    kit.createTopic(lane.laneTopic(), 1);
    for (ChangeEvent e : events()) {
      kit.produce(lane.laneTopic(), id(e), e);
    }
    kit.flush();
  }

  @Test
  void shouldWriteTheInvocationRecordWithItsPayloadToTheBucketUnderLambdasKeyLayout()
      throws Exception {
    try (LocalS3 server =
            LocalS3.builder()
                .directory(dir.resolve("s3"))
                .credentials("fd-access", "fd-secret")
                .start();
        PipelineTestKit kit = PipelineTestKit.start()) {
      S3Settings settings =
          S3Settings.builder()
              .endpoint(server.endpoint())
              .pathStyle(true)
              .credentials("fd-access", "fd-secret")
              .build();
      try (S3Client s3 = settings.client()) {
        s3.createBucket(b -> b.bucket("order-failures"));
        LaneSpec lane =
            lane(
                "s3", FailureDestinations.s3(settings, "order-failures").functionName("orders-fn"));
        produce(kit, lane);
        try (HandlerRunner runner = kit.run(lane)) {
          assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(60))).isTrue();
        }
        List<S3Object> objects =
            s3
                .listObjectsV2(b -> b.bucket("order-failures").prefix("aws/lambda/"))
                .contents()
                .stream()
                .filter(o -> !o.key().endsWith("/"))
                .toList();
        assertThat(objects).hasSize(1);
        String key = objects.get(0).key();
        assertThat(key)
            .matches(
                "aws/lambda/[0-9a-f-]{36}/shardId-00000000000000000000/\\d{4}/\\d{2}/\\d{2}/"
                    + "\\d{4}-\\d{2}-\\d{2}T\\d{2}\\.\\d{2}\\.\\d{2}-[0-9a-f-]{36}");
        String body = s3.getObjectAsBytes(b -> b.bucket("order-failures").key(key)).asUtf8String();
        JsonNode r = JSON.readTree(body);
        Instant failedAt = Instant.parse(r.at("/timestamp").asText());
        @SuppressWarnings(
            "DuplicateDateFormatField") // Lambda's key: a date folder, then the time in full
        DateTimeFormatter keyTime =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/yyyy-MM-dd'T'HH.mm.ss")
                .withZone(ZoneOffset.UTC);
        assertThat(key)
            .endsWith(
                "/" + keyTime.format(failedAt) + "-" + r.at("/requestContext/requestId").asText());
        assertThat(r.at("/requestContext/functionArn").asText())
            .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:orders-fn");
        assertThat(r.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
        assertThat(r.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(2);
        assertThat(r.at("/DDBStreamBatchInfo/batchSize").asInt()).isEqualTo(1);
        assertThat(r.at("/DDBStreamBatchInfo/startSequenceNumber").asText())
            .isEqualTo(events().get(1).dynamodb().sequenceNumber());
        assertThat(r.at("/payload/Records")).hasSize(1);
        assertThat(r.at("/payload/Records/0/dynamodb/Keys/orderId/S").asText())
            .isEqualTo("ORD-BAD");
        assertThat(r.at("/payload/Records/0/eventName").asText()).isEqualTo("INSERT");
        assertThat(kit.readAll(lane.deadLetterTopic())).hasSize(1);
      }
    }
  }

  @Test
  void shouldHoldThePartitionUncommittedUntilTheWebhookTakesTheRecord() throws Exception {
    AtomicBoolean up = new AtomicBoolean(false);
    AtomicInteger refused = new AtomicInteger();
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> keys = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/failures",
        x -> {
          byte[] body = x.getRequestBody().readAllBytes();
          int status = up.get() ? 200 : 503;
          if (status == 200) {
            bodies.add(new String(body, StandardCharsets.UTF_8));
            keys.add(x.getRequestHeaders().getFirst("Idempotency-Key"));
          } else {
            refused.incrementAndGet();
          }
          x.sendResponseHeaders(status, -1);
          x.close();
        });
    server.start();
    try (PipelineTestKit kit = PipelineTestKit.start()) {
      OnFailure webhook =
          FailureDestinations.fromConfig(
              Map.of(
                  "url",
                  "http://127.0.0.1:" + server.getAddress().getPort() + "/failures",
                  "retry",
                  Map.of("max-attempts", 2, "backoff", "20ms", "max-backoff", "20ms")));
      LaneSpec lane = lane("hook", webhook);
      produce(kit, lane);
      try (HandlerRunner runner = kit.run(lane)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (refused.get() < 4 && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(refused.get())
            .as("delivery attempts while the webhook is down")
            .isGreaterThanOrEqualTo(4);
        // ORD-3 is handled, but the partition's position stays before ORD-BAD while its record is
        // not taken
        assertThat(kit.status(lane).caughtUp()).isFalse();
        assertThat(kit.status(lane).lagEvents()).isGreaterThanOrEqualTo(2);
        assertThat(kit.readAll(lane.deadLetterTopic())).isEmpty();
        up.set(true);
        assertThat(kit.awaitCaughtUp(lane, Duration.ofSeconds(60))).isTrue();
      } finally {
        server.stop(0);
      }
      assertThat(bodies).hasSize(1);
      JsonNode r = JSON.readTree(bodies.get(0));
      assertThat(r.at("/requestContext/functionArn").asText())
          .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:fd-hook");
      assertThat(r.at("/DDBStreamBatchInfo/startSequenceNumber").asText())
          .isEqualTo(events().get(1).dynamodb().sequenceNumber());
      assertThat(r.has("payload")).isFalse();
      assertThat(keys).containsExactly(r.at("/requestContext/requestId").asText());
      assertThat(kit.readAll(lane.deadLetterTopic())).hasSize(1);
    }
  }
}

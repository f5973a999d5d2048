package dev.tributary.worker.sam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.local.LocalS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A SAM template with two stream-triggered functions, Python and Node.js, each with filter
 * criteria, run by the worker's pipelines against a real embedded Kafka broker.
 */
class SamTemplateIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldRunBothFunctionsOfTheTemplateEachOnTheRecordsItsFilterLetsThrough() throws Exception {
    Path app = dir.resolve("app");
    Path source = SamTemplateTest.template().getParent();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path f : files.toList()) {
        Path target = app.resolve(source.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
    Path out = dir.resolve("out.jsonl");
    Path template = app.resolve("template.yaml");
    Files.writeString(template, Files.readString(template).replace("__OUT_FILE__", out.toString()));
    SamTemplate sam = SamTemplate.read(template);

    try (PipelineTestKit kit = PipelineTestKit.start()) {
      String topic = Topics.changeTopic("Orders");
      kit.createTopic(topic, 2);
      kit.produce(topic, "ORD-1", event(1, EventName.INSERT, "ORD-1"));
      kit.produce(topic, "ORD-1", event(2, EventName.MODIFY, "ORD-1"));
      kit.produce(topic, "ORD-2", event(3, EventName.INSERT, "ORD-2"));
      kit.produce(topic, "ORD-2", event(4, EventName.REMOVE, "ORD-2"));
      kit.flush();
      PipelineRuntime.Builder b =
          PipelineRuntime.builder(kit.bootstrapServers())
              .stateDir(dir.resolve("streams"))
              .partitions(2);
      for (Pipeline p : sam.pipelines()) {
        b.pipeline(p);
      }
      try (PipelineRuntime runtime = b.start()) {
        assertThat(runtime.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
      }
    }
    List<String> seen = new ArrayList<>();
    for (String line : Files.readAllLines(out)) {
      JsonNode n = JSON.readTree(line);
      assertThat(n.path("stage").asText()).isEqualTo("local"); // from Globals
      seen.add(
          n.path("function").asText()
              + " "
              + n.path("eventName").asText()
              + " "
              + n.path("orderId").asText());
      if (n.path("function").asText().equals("ConfirmOrders")) {
        assertThat(n.path("greeting").asText()).isEqualTo("hello"); // the function's own variable
      }
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            "ConfirmOrders INSERT ORD-1",
            "ConfirmOrders INSERT ORD-2",
            "ArchiveOrders REMOVE ORD-2");
  }

  @Test
  void shouldWriteTheInvocationRecordOfAFailedRecordToTheS3BucketOfTheTemplate() throws Exception {
    Path code = Files.createDirectories(dir.resolve("app").resolve("src"));
    Files.writeString(
        code.resolve("app.py"),
        """
        def handler(event, context):
            for r in event["Records"]:
                if r["dynamodb"]["Keys"]["orderId"]["S"] == "ORD-2":
                    raise ValueError("cannot take ORD-2")
        """);
    Path template = dir.resolve("app").resolve("template.yaml");
    Files.writeString(
        template,
        """
        Resources:
          Orders:
            Type: AWS::DynamoDB::Table
          Failures:
            Type: AWS::S3::Bucket
            Properties: {BucketName: sam-failures}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: src/
              FunctionName: orders-fn
              Events:
                Stream:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: TRIM_HORIZON
                    MaximumRetryAttempts: 0
                    BisectBatchOnFunctionError: true
                    DestinationConfig: {OnFailure: {Destination: !GetAtt Failures.Arn}}
        """);
    try (LocalS3 s3 = LocalS3.builder().directory(dir.resolve("s3")).start();
        PipelineTestKit kit = PipelineTestKit.start()) {
      s3.createBucket("sam-failures");
      SamTemplate sam =
          SamTemplate.read(
              template,
              Map.of(
                  "AWS_ENDPOINT_URL_S3",
                  s3.endpoint(),
                  "AWS_ACCESS_KEY_ID",
                  s3.accessKey(),
                  "AWS_SECRET_ACCESS_KEY",
                  s3.secretKey()));
      assertThat(sam.problems()).isEmpty();
      String topic = Topics.changeTopic("Orders");
      kit.createTopic(topic, 1);
      kit.produce(topic, "ORD-1", event(1, EventName.INSERT, "ORD-1"));
      kit.produce(topic, "ORD-2", event(2, EventName.INSERT, "ORD-2"));
      kit.produce(topic, "ORD-3", event(3, EventName.INSERT, "ORD-3"));
      kit.flush();
      PipelineRuntime.Builder b =
          PipelineRuntime.builder(kit.bootstrapServers())
              .stateDir(dir.resolve("streams"))
              .partitions(1);
      sam.pipelines().forEach(b::pipeline);
      try (PipelineRuntime runtime = b.start()) {
        assertThat(runtime.awaitCaughtUp(Duration.ofMinutes(2))).isTrue();
      }
      try (S3Client client =
          S3Settings.builder()
              .endpoint(s3.endpoint())
              .pathStyle(true)
              .credentials(s3.accessKey(), s3.secretKey())
              .build()
              .client()) {
        List<String> keys =
            client
                .listObjectsV2(r -> r.bucket("sam-failures").prefix("aws/lambda/"))
                .contents()
                .stream()
                .map(S3Object::key)
                .filter(k -> !k.endsWith("/"))
                .toList();
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0)).matches("aws/lambda/[0-9a-f-]{36}/shardId-00000000000000000000/.+");
        JsonNode r =
            JSON.readTree(
                client
                    .getObjectAsBytes(g -> g.bucket("sam-failures").key(keys.get(0)))
                    .asUtf8String());
        assertThat(r.at("/requestContext/functionArn").asText())
            .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:orders-fn");
        assertThat(r.at("/requestContext/approximateInvokeCount").asInt()).isEqualTo(1);
        assertThat(r.at("/payload/Records/0/dynamodb/Keys/orderId/S").asText()).isEqualTo("ORD-2");
        assertThat(r.at("/payload/Records")).hasSize(1);
      }
    }
  }

  private static ChangeEvent event(long seq, EventName name, String orderId) {
    String sequence = String.format("%021d", seq);
    Map<String, AttributeValue> keys = Map.of("orderId", AttributeValue.s(orderId));
    Map<String, AttributeValue> image =
        Map.of("orderId", AttributeValue.s(orderId), "status", AttributeValue.s("PLACED"));
    return new ChangeEvent(
        "Orders-" + sequence,
        name,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2026-01-01T00:00:00.000",
        new StreamRecord(
            keys,
            name == EventName.REMOVE ? Optional.empty() : Optional.of(image),
            name == EventName.INSERT ? Optional.empty() : Optional.of(image),
            sequence,
            100,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.parse("2026-03-01T10:00:00Z")),
        Optional.empty(),
        false);
  }
}

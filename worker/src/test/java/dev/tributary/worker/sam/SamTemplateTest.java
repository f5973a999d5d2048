package dev.tributary.worker.sam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.StartingPosition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamTemplateTest {
  @TempDir Path dir;

  static Path template() throws Exception {
    return Path.of(SamTemplateTest.class.getResource("/sam/template.yaml").toURI());
  }

  @Test
  void shouldTurnEachDynamoDbEventIntoAPipelineWithItsMappingOptions() throws Exception {
    SamTemplate sam = SamTemplate.read(template());
    assertThat(sam.pipelines())
        .extracting(Pipeline::name)
        .containsExactly("ConfirmOrders-Inserts", "ArchiveOrders-Removals");
    Pipeline confirm = sam.pipelines().get(0);
    HandlerSpec spec = confirm.handlers().get("ConfirmOrders");
    assertThat(spec.type()).contains("function");
    assertThat(spec.batching().maxRecords()).isEqualTo(50);
    assertThat(spec.batching().maxWindow()).isEqualTo(Duration.ofSeconds(1));
    assertThat(spec.retry().maxAttempts()).isEqualTo(3); // MaximumRetryAttempts 2 = 3 attempts
    assertThat(spec.bisectOnFailure()).isTrue();
    assertThat(confirm.describe()).contains("Orders");
    HandlerSpec archive = sam.pipelines().get(1).handlers().get("ArchiveOrders");
    assertThat(archive.retry().maxAttempts())
        .isEqualTo(Integer.MAX_VALUE); // -1: until the record expires
    assertThat(archive.retry().maxEventAge())
        .contains(Duration.ofHours(24)); // a stream record expires after 24 h
    assertThat(archive.bisectOnFailure()).isFalse();

    assertThat(sam.problems())
        .containsExactly(
            "Resource ArchiveOrders event Nightly: Type Schedule is not a DynamoDB stream; not run");
    assertThat(sam.notes()).isEmpty();
    assertThat(spec.startingPosition()).isEqualTo(StartingPosition.TRIM_HORIZON);
    assertThat(spec.onFailure()).isEmpty();
  }

  @Test
  void shouldMapStartingPositionAndTheOnFailureDestination() throws Exception {
    Path t = dir.resolve("template.yaml");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        t,
        """
        Resources:
          Orders:
            Type: AWS::DynamoDB::Table
          Failures:
            Type: AWS::SQS::Queue
            Properties: {QueueName: order-failures}
          FailureBucket:
            Type: AWS::S3::Bucket
            Properties: {BucketName: order-failure-records}
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: app.handler
              CodeUri: src/
              FunctionName: order-fn
              Events:
                Latest:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: LATEST
                    TumblingWindowInSeconds: 120
                    DestinationConfig: {OnFailure: {Destination: !GetAtt Failures.Arn}}
                AtTime:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: AT_TIMESTAMP
                    StartingPositionTimestamp: 1772359200
                    DestinationConfig: {OnFailure: {Destination: kafka://fn-failures}}
                ToS3:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: TRIM_HORIZON
                    DestinationConfig: {OnFailure: {Destination: "arn:aws:s3:::failures"}}
                ToBucket:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: TRIM_HORIZON
                    DestinationConfig: {OnFailure: {Destination: !GetAtt FailureBucket.Arn}}
                ToNothing:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: TRIM_HORIZON
                    DestinationConfig: {OnFailure: {Destination: "arn:aws:lambda:us-east-1:123456789012:function:other"}}
                TooLong:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: LATEST
                    TumblingWindowInSeconds: 901
                BadRetries:
                  Type: DynamoDB
                  Properties: {Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, MaximumRetryAttempts: 10001}
                ShortAge:
                  Type: DynamoDB
                  Properties: {Stream: !GetAtt Orders.StreamArn, StartingPosition: LATEST, MaximumRecordAgeInSeconds: 30}
                NoTime:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Orders.StreamArn
                    StartingPosition: AT_TIMESTAMP
        """);
    SamTemplate sam = SamTemplate.read(t, Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"));
    assertThat(sam.pipelines())
        .extracting(Pipeline::name)
        .containsExactly("Fn-Latest", "Fn-AtTime", "Fn-ToS3", "Fn-ToBucket", "Fn-ToNothing");
    HandlerSpec latest = sam.pipelines().get(0).handlers().get("Fn");
    assertThat(latest.startingPosition()).isEqualTo(StartingPosition.LATEST);
    assertThat(latest.onFailure())
        .contains(OnFailure.topic("order-failures").functionName("order-fn"));
    HandlerSpec atTime = sam.pipelines().get(1).handlers().get("Fn");
    assertThat(atTime.startingPosition())
        .isEqualTo(StartingPosition.atTimestamp(Instant.parse("2026-03-01T10:00:00Z")));
    assertThat(atTime.onFailure().flatMap(OnFailure::topic)).contains("fn-failures");
    HandlerSpec toS3 = sam.pipelines().get(2).handlers().get("Fn");
    assertThat(toS3.onFailure().map(OnFailure::target)).contains("s3://failures");
    assertThat(toS3.onFailure().flatMap(OnFailure::functionName)).contains("order-fn");
    HandlerSpec toBucket = sam.pipelines().get(3).handlers().get("Fn");
    assertThat(toBucket.onFailure().map(OnFailure::target)).contains("s3://order-failure-records");
    assertThat(sam.pipelines().get(4).handlers().get("Fn").onFailure()).isEmpty();
    assertThat(sam.problems())
        .satisfiesExactly(
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Resource Fn event TooLong: TumblingWindowInSeconds must be from 0 to 900, was 901"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Resource Fn event BadRetries: MaximumRetryAttempts must be from -1 to 10000, was 10001"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Resource Fn event ShortAge: MaximumRecordAgeInSeconds must be -1 or from 60 to 604800, was 30"),
            p ->
                assertThat(p)
                    .isEqualTo(
                        "Resource Fn event NoTime: StartingPosition AT_TIMESTAMP needs a StartingPositionTimestamp"));
    assertThat(sam.notes())
        .containsExactly(
            "Resource Fn event Latest: DestinationConfig.OnFailure Failures.Arn is written to the Kafka topic order-failures",
            "Resource Fn event AtTime: DestinationConfig.OnFailure kafka://fn-failures is written to the Kafka topic fn-failures",
            "Resource Fn event ToS3: DestinationConfig.OnFailure arn:aws:s3:::failures is written to the S3 bucket failures"
                + " at http://127.0.0.1:9000",
            "Resource Fn event ToBucket: DestinationConfig.OnFailure FailureBucket.Arn is written to the S3 bucket"
                + " order-failure-records at http://127.0.0.1:9000",
            "Resource Fn event ToNothing: DestinationConfig.OnFailure arn:aws:lambda:us-east-1:123456789012:function:other"
                + " is not a queue, topic, bucket or kafka:// destination; runs without it (failed events go to the dead-letter topic)");
  }

  @Test
  void shouldNameTheResourceOfWhatCannotRun() throws Exception {
    Path t = dir.resolve("template.yaml");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        t,
        """
        Resources:
          Queue:
            Type: AWS::SQS::Queue
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: ruby3.3
              Handler: app.handler
              CodeUri: src/
              Events:
                Stream:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt Queue.Arn
          Other:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: ruby3.3
              Handler: app.handler
              CodeUri: src/
              Events:
                Stream:
                  Type: DynamoDB
                  Properties:
                    Stream: arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000
        """);
    SamTemplate sam = SamTemplate.read(t);
    assertThat(sam.pipelines()).isEmpty();
    assertThat(sam.problems())
        .satisfiesExactly(
            p ->
                assertThat(p)
                    .startsWith("Resource Worker event Stream: ")
                    .contains("Queue")
                    .contains("not an AWS::DynamoDB::Table"),
            p -> assertThat(p).startsWith("Resource Other event Stream: ").contains("ruby3.3"));
  }

  @Test
  void shouldReadAnEventSourceMappingResource() throws Exception {
    Path t = dir.resolve("template.yaml");
    Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        t,
        """
        Resources:
          Orders:
            Type: AWS::DynamoDB::Table
          Fn:
            Type: AWS::Serverless::Function
            Properties: {Runtime: python3.12, Handler: app.handler, CodeUri: src/}
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt Orders.StreamArn
              StartingPosition: TRIM_HORIZON
              BatchSize: 10
              MaximumRetryAttempts: 0
          Broken:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Missing
              EventSourceArn: !GetAtt Orders.StreamArn
        """);
    SamTemplate sam = SamTemplate.read(t);
    assertThat(sam.pipelines()).extracting(Pipeline::name).containsExactly("Fn-Mapping");
    HandlerSpec spec = sam.pipelines().get(0).handlers().get("Fn");
    assertThat(spec.batching().maxRecords()).isEqualTo(10);
    assertThat(spec.retry().maxAttempts()).isEqualTo(1);
    assertThat(sam.problems())
        .singleElement()
        .asString()
        .startsWith("Resource Broken: FunctionName")
        .contains("Missing");
  }

  @Test
  void shouldReadGlobalsAndLongFormIntrinsics() throws Exception {
    SamTemplate sam = SamTemplate.read(template());
    assertThat(sam.pipelines().get(1).handlers().get("ArchiveOrders").description())
        .contains("nodejs20.x");
    assertThat(List.copyOf(sam.pipelines().get(1).handlers().keySet()))
        .containsExactly("ArchiveOrders");
  }
}

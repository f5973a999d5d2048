package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.DynamoDbException;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The AWS SDK for Java v2's own {@code DynamoDbStreamsClient}, signing real SigV4 requests, talking
 * to {@link SigV4Verifier} and {@link StreamsApi} through an in-process HTTP client that frames
 * responses and errors as DynamoDB does. Proves the SDK parses every response and maps every error.
 */
class StreamsSdkClientIT {
  private static final String KEY = "AKIDSTREAMS";
  private static final String SECRET = "streams-secret";

  @TempDir Path dir;
  TributaryEngine engine;
  final AtomicReference<StreamsOperations> streams = new AtomicReference<>();
  RequestAuthenticator authenticator = new SigV4Verifier(Map.of(KEY, SECRET), Clock.systemUTC());
  byte[] key;

  @BeforeEach
  void open() {
    engine =
        TributaryEngine.open(EngineOptions.builder(dir.resolve("data")).syncWrites(false).build());
    key = ShardIterators.loadOrCreateKey(dir.resolve("streams-iterator.key"));
    streams.set(new StreamsApi(engine, Clock.systemUTC(), key));
    engine.createTable(
        CreateTableRequest.builder("Orders")
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private DynamoDbStreamsClient client(String key, String secret) {
    return DynamoDbStreamsClient.builder()
        .region(Region.EU_WEST_1)
        .endpointOverride(URI.create("http://localhost:8000"))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(new InProcessHttpClient())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @Test
  void theSdkClientShouldFollowTheStreamAndParseEveryRecord() {
    engine.putItem(
        PutItemRequest.of(
            "Orders",
            Item.builder()
                .s("customerId", "C1")
                .s("orderDate", "D1")
                .s("status", "PENDING")
                .n("total", "299.99")
                .build()));
    engine.putItem(
        PutItemRequest.of(
            "Orders",
            Item.builder()
                .s("customerId", "C1")
                .s("orderDate", "D1")
                .s("status", "SHIPPED")
                .n("total", "299.99")
                .build()));
    engine.deleteItem(
        DeleteItemRequest.of("Orders", Item.key("customerId", "C1", "orderDate", "D1")));

    try (DynamoDbStreamsClient client = client(KEY, SECRET)) {
      String arn = client.listStreams(r -> r.tableName("Orders")).streams().get(0).streamArn();
      assertThat(arn).isEqualTo(engine.describeTable("Orders").latestStreamArn().orElseThrow());
      StreamDescription d = client.describeStream(r -> r.streamArn(arn)).streamDescription();
      assertThat(d.streamStatusAsString()).isEqualTo("ENABLED");
      assertThat(d.streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
      assertThat(d.creationRequestDateTime()).isNotNull();
      assertThat(d.keySchema())
          .extracting(k -> k.attributeName())
          .containsExactly("customerId", "orderDate");
      assertThat(d.shards()).hasSize(1);
      assertThat(d.shards().get(0).sequenceNumberRange().startingSequenceNumber())
          .isEqualTo("000000000000000000001");
      assertThat(d.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNull();

      String iterator =
          client
              .getShardIterator(
                  r ->
                      r.streamArn(arn)
                          .shardId(d.shards().get(0).shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      List<Record> records = new ArrayList<>();
      GetRecordsResponse page;
      String it = iterator;
      do {
        String current = it;
        page = client.getRecords(r -> r.shardIterator(current).limit(2));
        records.addAll(page.records());
        it = page.nextShardIterator();
      } while (!page.records().isEmpty());
      assertThat(it).isNotNull();

      assertThat(records)
          .extracting(Record::eventName)
          .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
      Record modify = records.get(1);
      assertThat(modify.eventSource()).isEqualTo("aws:dynamodb");
      assertThat(modify.awsRegion()).isEqualTo("us-east-1");
      assertThat(modify.eventVersion()).isEqualTo("1.1");
      assertThat(modify.eventID()).isNotBlank();
      assertThat(modify.dynamodb().keys()).containsEntry("customerId", AttributeValue.fromS("C1"));
      assertThat(modify.dynamodb().oldImage())
          .containsEntry("status", AttributeValue.fromS("PENDING"));
      assertThat(modify.dynamodb().newImage())
          .containsEntry("status", AttributeValue.fromS("SHIPPED"))
          .containsEntry("total", AttributeValue.fromN("299.99"));
      assertThat(modify.dynamodb().sequenceNumber()).isEqualTo("000000000000000000002");
      assertThat(modify.dynamodb().sizeBytes()).isPositive();
      assertThat(modify.dynamodb().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
      assertThat(modify.dynamodb().approximateCreationDateTime())
          .isBetween(Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plusSeconds(1));
      assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
      assertThat(records.get(0).dynamodb().hasOldImage()).isFalse();
    }
  }

  @Test
  void theSdkShouldMapStreamsErrorsToItsExceptionTypes() {
    engine.putItem(
        PutItemRequest.of(
            "Orders", Item.builder().s("customerId", "C1").s("orderDate", "D1").build()));
    try (DynamoDbStreamsClient client = client(KEY, SECRET)) {
      String arn = engine.describeTable("Orders").latestStreamArn().orElseThrow();
      String missing = arn.replace("/Orders/", "/Missing/");
      assertThatThrownBy(() -> client.describeStream(r -> r.streamArn(missing)))
          .isInstanceOf(ResourceNotFoundException.class)
          .hasMessageStartingWith(
              "Requested resource not found: Stream: " + missing + " not found");

      String shard =
          client
              .describeStream(r -> r.streamArn(arn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      String iterator =
          client
              .getShardIterator(
                  r ->
                      r.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      streams.set(
          new StreamsApi(engine, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16)), key));
      assertThatThrownBy(() -> client.getRecords(r -> r.shardIterator(iterator)))
          .isInstanceOf(ExpiredIteratorException.class);

      assertThatThrownBy(() -> client.getRecords(r -> r.shardIterator(iterator).limit(5000)))
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
  }

  @Test
  void theVerifierShouldCheckTheSdkClientsRealSignatures() {
    try (DynamoDbStreamsClient good = client(KEY, SECRET);
        DynamoDbStreamsClient wrongSecret = client(KEY, "not-the-secret");
        DynamoDbStreamsClient unknownKey = client("AKIDUNKNOWN", SECRET)) {
      assertThat(good.listStreams().streams()).hasSize(1);
      assertThatThrownBy(wrongSecret::listStreams)
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("The request signature we calculated does not match");
              });
      assertThatThrownBy(unknownKey::listStreams)
          .isInstanceOfSatisfying(
              software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorCode())
                      .isEqualTo("UnrecognizedClientException"));
    }
  }

  /** Frames StreamsApi answers and DynamoDbExceptions as DynamoDB's JSON 1.0 protocol does. */
  private final class InProcessHttpClient implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() throws IOException {
          return respond(request);
        }

        @Override
        public void abort() {}
      };
    }

    private HttpExecuteResponse respond(HttpExecuteRequest request) throws IOException {
      SdkHttpRequest r = request.httpRequest();
      byte[] body;
      if (request.contentStreamProvider().isPresent()) {
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
          body = in.readAllBytes();
        }
      } else {
        body = new byte[0];
      }
      Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
      if (r.firstMatchingHeader("Host").isEmpty()) {
        headers.put("Host", List.of(r.host() + ":" + r.port()));
      }
      int status = 200;
      byte[] out;
      try {
        authenticator.authenticate(
            new HttpRequestView(
                r.method().name(),
                r.encodedPath(),
                r.encodedQueryParameters().orElse(""),
                headers,
                body));
        String target = r.firstMatchingHeader("X-Amz-Target").orElseThrow();
        assertThat(target).startsWith("DynamoDBStreams_20120810.");
        out = streams.get().handle(target.substring(target.indexOf('.') + 1), body);
      } catch (DynamoDbException e) {
        status = e.httpStatus();
        out =
            ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#"
                    + e.errorCode()
                    + "\",\"message\":\""
                    + e.getMessage().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8);
      }
      return HttpExecuteResponse.builder()
          .response(
              SdkHttpResponse.builder()
                  .statusCode(status)
                  .putHeader("Content-Type", "application/x-amz-json-1.0")
                  .putHeader("Content-Length", Integer.toString(out.length))
                  .build())
          .responseBody(AbortableInputStream.create(new ByteArrayInputStream(out)))
          .build();
    }

    @Override
    public void close() {}
  }
}

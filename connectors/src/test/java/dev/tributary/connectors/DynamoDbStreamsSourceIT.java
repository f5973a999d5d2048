package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.connectors.ChangeTopicReader.Read;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.EngineServer;
import dev.tributary.engine.http.ServerOptions;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB Streams source against Tributary's own Streams API over real HTTP (the SDK client,
 * url-connection transport), into an embedded broker: every write arrives once, across a restart.
 */
class DynamoDbStreamsSourceIT {
  private static final String TABLE = "StreamOrders";
  @TempDir static Path brokerDir;
  private static EmbeddedKafka kafka;
  @TempDir Path dir;
  private TributaryEngine engine;
  private EngineServer endpoint;
  private DynamoDbStreamsClient client;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(brokerDir.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void openEngineAndEndpoint() throws Exception {
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir.resolve("engine")).syncWrites(false).build());
    // The real endpoint: `./tributary engine`'s server, verifying the client's SigV4 signatures.
    endpoint =
        EngineServer.start(
            engine, ServerOptions.builder().port(0).credentials("AKID", "secret").build());
    client =
        DynamoDbStreamsClient.builder()
            .endpointOverride(endpoint.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    engine.createTable(
        CreateTableRequest.builder(TABLE)
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
  }

  @AfterEach
  void close() {
    client.close();
    endpoint.close();
    engine.close();
  }

  private DynamoDbStreamsSource.Builder source(String id) {
    return DynamoDbStreamsSource.builder(client, kafka.clientConfig())
        .sourceId(id)
        .tables(Set.of(TABLE + "_" + id))
        .changeTopicPartitions(3)
        .pollInterval(Duration.ofMillis(50))
        .maxBatchRecords(400);
  }

  @Test
  void shouldPublishEveryWriteOnceAcrossASourceRestart() throws Exception {
    engine.createTable(
        CreateTableRequest.builder("Ignored").partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.KEYS_ONLY)
            .build());
    engine.putItem(PutItemRequest.of("Ignored", Item.builder().s("id", "x").build()));
    DynamoDbStreamsSource.Builder source =
        DynamoDbStreamsSource.builder(client, kafka.clientConfig())
            .sourceId("it")
            .tables(Set.of(TABLE))
            .changeTopicPartitions(3)
            .pollInterval(Duration.ofMillis(50))
            .maxBatchRecords(400);

    write(engine, 0, 1200);
    try (DynamoDbStreamsSource s = source.build().start()) {
      write(engine, 1200, 800);
      awaitPublished(s, 2000);
    }
    write(engine, 2000, 1000); // while the source is stopped
    try (DynamoDbStreamsSource s = source.build().start()) {
      awaitPublished(s, 3000);
      assertThat(s.state()).isEqualTo(ConnectorState.RUNNING);
    }

    List<Read> reads =
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(TABLE));
    ChangeTopicReader.assertExactlyOnceInKeyOrder(reads, 3000);
    Map<Long, ChangeEvent> engineEvents = new HashMap<>();
    engine
        .changeStream(TABLE)
        .read(0, 5000)
        .forEach(e -> engineEvents.put(ChangeStream.sequenceOf(e), e));
    for (Read r : reads) {
      ChangeEvent want = engineEvents.get(r.sequence());
      ChangeEvent got = r.event();
      assertThat(got.eventId()).isEqualTo(want.eventId());
      assertThat(got.eventName()).isEqualTo(want.eventName());
      assertThat(got.eventSourceArn())
          .isEqualTo(engine.describeTable(TABLE).latestStreamArn().orElseThrow());
      assertThat(got.dynamodb().keys()).isEqualTo(want.dynamodb().keys());
      assertThat(got.dynamodb().newImage()).isEqualTo(want.dynamodb().newImage());
      assertThat(got.dynamodb().oldImage()).isEqualTo(want.dynamodb().oldImage());
      assertThat(got.dynamodb().sizeBytes()).isEqualTo(want.dynamodb().sizeBytes());
      assertThat(got.dynamodb().approximateCreationDateTime().getEpochSecond())
          .isEqualTo(want.dynamodb().approximateCreationDateTime().getEpochSecond());
      assertThat(r.key())
          .isEqualTo(AttributeValueJson.toJson(want.dynamodb().keys().get("customerId")));
    }
    assertThat(kafka.topics()).doesNotContain(Topics.changeTopic("Ignored"));
    System.out.println("3,000 changes once across a restart");
  }

  @Test
  void shouldLoseNothingWhenASecondSourceWithTheSameIdTakesOverMidStream() {
    String table = TABLE + "_takeover";
    engine.createTable(
        CreateTableRequest.builder(table)
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_IMAGE)
            .build());
    for (int i = 0; i < 3000; i++) {
      engine.putItem(
          PutItemRequest.of(
              table,
              Item.builder()
                  .s("customerId", "C" + (i % 40))
                  .s("orderDate", "D" + (i % 9))
                  .n("i", i)
                  .build()));
    }
    DynamoDbStreamsSource zombie = source("takeover").maxBatchRecords(100).build().start();
    await().atMost(Duration.ofSeconds(60)).until(() -> !zombie.publishedSequences().isEmpty());
    // The successor fences the first instance, whose open transaction is aborted, and resumes
    // from what was committed.
    try (DynamoDbStreamsSource successor = source("takeover").build().start()) {
      awaitPublished(successor, 3000);
      await().atMost(Duration.ofSeconds(60)).until(() -> zombie.state() == ConnectorState.FAILED);
    } finally {
      zombie.close();
    }
    ChangeTopicReader.assertExactlyOnceInKeyOrder(
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(table)), 3000);
  }

  @Test
  void shouldReadAnOlderStreamOfATableToItsEndBeforeTheNewerOne() throws InterruptedException {
    String table = TABLE + "_labels";
    engine.createTable(
        CreateTableRequest.builder(table)
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    writeLabels(table, 0, 300);
    try (DynamoDbStreamsSource s =
        source("labels")
            .maxBatchRecords(10)
            .discoveryInterval(Duration.ofMillis(100))
            .build()
            .start()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> !s.publishedSequences().isEmpty());
      // A second stream while the first is still being read: its shard closes at sequence 300.
      engine.updateTable(
          UpdateTableRequest.builder(table).stream(StreamSpecification.disabled()).build());
      Thread.sleep(5);
      engine.updateTable(
          UpdateTableRequest.builder(table).stream(
                  StreamSpecification.enabled(StreamViewType.NEW_IMAGE))
              .build());
      writeLabels(table, 300, 300);
      awaitPublished(s, 600);
    }
    List<Read> reads =
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(table));
    ChangeTopicReader.assertExactlyOnceInKeyOrder(reads, 600);
    assertThat(reads.stream().map(r -> r.event().eventSourceArn()).distinct()).hasSize(2);
  }

  private void writeLabels(String table, int from, int count) {
    for (int i = from; i < from + count; i++) {
      engine.putItem(
          PutItemRequest.of(
              table,
              Item.builder()
                  .s("customerId", "C" + (i % 10))
                  .s("orderDate", "D" + (i % 3))
                  .n("i", i)
                  .build()));
    }
  }

  private static void awaitPublished(DynamoDbStreamsSource s, long sequence) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                s.publishedSequences().values().stream()
                    .anyMatch(v -> Long.parseLong(v) >= sequence));
  }

  private void write(TributaryEngine engine, int from, int count) {
    for (int i = from; i < from + count; i++) {
      if (i % 5 == 4) {
        engine.deleteItem(
            DeleteItemRequest.of(
                TABLE,
                Item.key("customerId", "C" + ((i - 1) % 30), "orderDate", "D" + ((i - 1) % 4))));
      } else {
        engine.putItem(
            PutItemRequest.of(
                TABLE,
                Item.builder()
                    .s("customerId", "C" + (i % 30))
                    .s("orderDate", "D" + (i % 4))
                    .n("i", i)
                    .ss("tags", "a", "b" + i)
                    .bool("ok", true)
                    .build()));
      }
    }
  }
}

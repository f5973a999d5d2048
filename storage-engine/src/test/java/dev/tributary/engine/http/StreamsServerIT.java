package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A DynamoDB Streams consumer on the real server with the SDK's clients: every write arrives
 * exactly once, in order, with correct images, and its shard iterator survives a server and engine
 * restart.
 */
class StreamsServerIT {
  private static final String KEY = "AKIDSTREAMS";
  private static final String SECRET = "streams-secret";
  @TempDir Path dir;

  private static EngineServer serve(TributaryEngine engine) {
    return EngineServer.start(
        engine, ServerOptions.builder().port(0).credentials(KEY, SECRET).build());
  }

  private static <B extends AwsClientBuilder<B, ?>> B configure(B b, URI endpoint) {
    return b.endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)));
  }

  private static DynamoDbClient dynamo(URI endpoint) {
    return configure(DynamoDbClient.builder(), endpoint)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static DynamoDbStreamsClient streams(URI endpoint) {
    return configure(DynamoDbStreamsClient.builder(), endpoint)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void write(DynamoDbClient c, int from, int to) {
    for (int i = from; i < to; i++) {
      String id = "item-" + (i % 7);
      String n = Integer.toString(i);
      if (i % 5 == 4) {
        c.deleteItem(b -> b.tableName("Orders").key(Map.of("id", AttributeValue.fromS(id))));
      } else {
        c.putItem(
            b ->
                b.tableName("Orders")
                    .item(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(n))));
      }
    }
  }

  /** Follows the iterator until a page comes back empty; returns the next iterator. */
  private static String drain(DynamoDbStreamsClient s, String iterator, List<Record> into) {
    String next = iterator;
    while (true) {
      String current = next;
      var page = s.getRecords(b -> b.shardIterator(current).limit(7));
      into.addAll(page.records());
      if (page.records().isEmpty()) {
        return page.nextShardIterator();
      }
      next = page.nextShardIterator();
    }
  }

  @Test
  void shouldDeliverEveryWriteOnceInOrderAcrossARestart() {
    List<Record> seen = new ArrayList<>();
    String iterator;
    TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    try (EngineServer server = serve(engine);
        DynamoDbClient c = dynamo(server.endpoint());
        DynamoDbStreamsClient s = streams(server.endpoint())) {
      c.createTable(
          b ->
              b.tableName("Orders")
                  .keySchema(
                      KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("id")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode(BillingMode.PAY_PER_REQUEST)
                  .streamSpecification(
                      StreamSpecification.builder()
                          .streamEnabled(true)
                          .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                          .build()));
      write(c, 0, 40);
      String arn = s.listStreams(b -> b.tableName("Orders")).streams().get(0).streamArn();
      String shard =
          s.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
      iterator =
          s.getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      iterator = drain(s, iterator, seen);
    } finally {
      engine.close();
    }
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    try (EngineServer server = serve(engine);
        DynamoDbClient c = dynamo(server.endpoint());
        DynamoDbStreamsClient s = streams(server.endpoint())) {
      write(c, 40, 80);
      drain(s, iterator, seen);
    } finally {
      engine.close();
    }

    // The model: what DynamoDB Streams emits for these writes (nothing for deleting a missing
    // item).
    List<String> expected = new ArrayList<>();
    Map<String, String> current = new HashMap<>();
    for (int i = 0; i < 80; i++) {
      String id = "item-" + (i % 7);
      if (i % 5 == 4) {
        String old = current.remove(id);
        if (old != null) {
          expected.add("REMOVE " + id + " old=" + old + " new=-");
        }
      } else {
        String old = current.put(id, Integer.toString(i));
        expected.add(
            (old == null ? "INSERT " : "MODIFY ")
                + id
                + " old="
                + (old == null ? "-" : old)
                + " new="
                + i);
      }
    }
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < seen.size(); i++) {
      Record r = seen.get(i);
      if (i > 0) {
        assertThat(new BigInteger(r.dynamodb().sequenceNumber()))
            .isGreaterThan(new BigInteger(seen.get(i - 1).dynamodb().sequenceNumber()));
      }
      var d = r.dynamodb();
      actual.add(
          r.eventNameAsString()
              + " "
              + d.keys().get("id").s()
              + " old="
              + (d.oldImage().isEmpty() ? "-" : d.oldImage().get("n").n())
              + " new="
              + (d.newImage().isEmpty() ? "-" : d.newImage().get("n").n()));
    }
    assertThat(actual).containsExactlyElementsOf(expected);
  }
}

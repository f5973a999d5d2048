package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardFilterType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** The Streams API's requests checked and answered as DynamoDB Streams does. */
class StreamsCompatIT extends WireTestBase {
  private static DynamoDbStreamsClient streams;

  @BeforeAll
  void streamsClient() {
    streams =
        DynamoDbStreamsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  @AfterAll
  void closeStreams() {
    streams.close();
  }

  private String streamTable() {
    String name = table("Streams");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
    return name;
  }

  private static String errorCode(Throwable e) {
    return ((AwsServiceException) e).awsErrorDetails().errorCode();
  }

  @Test
  void describeStreamFiltersChildShards() {
    String name = streamTable();
    String arn = streams.listStreams(b -> b.tableName(name)).streams().get(0).streamArn();
    String shard =
        streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
    var filtered =
        streams
            .describeStream(
                b ->
                    b.streamArn(arn)
                        .shardFilter(f -> f.type(ShardFilterType.CHILD_SHARDS).shardId(shard)))
            .streamDescription();
    assertThat(filtered.streamArn()).isEqualTo(arn);
    assertThat(filtered.shards()).isEmpty();
    assertThatThrownBy(
            () ->
                streams.describeStream(
                    b -> b.streamArn(arn).shardFilter(f -> f.type("foo").shardId(shard))))
        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
    assertThatThrownBy(
            () ->
                streams.describeStream(
                    b ->
                        b.streamArn(arn)
                            .shardFilter(
                                f -> f.type(ShardFilterType.CHILD_SHARDS).shardId("qwerty"))))
        .hasMessageContaining("shardFilter.shardId");
    assertThatThrownBy(
            () -> streams.describeStream(b -> b.streamArn(arn).shardFilter(f -> f.shardId(shard))))
        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
  }

  @Test
  void getShardIteratorRefusesASequenceNumberWhereNoneBelongs() {
    String name = streamTable();
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("a"))));
    String arn = streams.listStreams(b -> b.tableName(name)).streams().get(0).streamArn();
    String shard =
        streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
    String it =
        streams
            .getShardIterator(
                b ->
                    b.streamArn(arn)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    String seq =
        streams.getRecords(b -> b.shardIterator(it)).records().get(0).dynamodb().sequenceNumber();
    for (ShardIteratorType type :
        List.of(ShardIteratorType.TRIM_HORIZON, ShardIteratorType.LATEST)) {
      assertThatThrownBy(
              () ->
                  streams.getShardIterator(
                      b ->
                          b.streamArn(arn)
                              .shardId(shard)
                              .shardIteratorType(type)
                              .sequenceNumber(seq)))
          .as(type.toString())
          .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
    }
    assertThatThrownBy(
            () ->
                streams.getShardIterator(
                    b ->
                        b.streamArn(arn)
                            .shardId(shard)
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationException"));
    assertThatThrownBy(
            () ->
                streams.getShardIterator(
                    b ->
                        b.streamArn(arn)
                            .shardId("adfasdasdasdasdasdasdasdasdasasdasd")
                            .shardIteratorType(ShardIteratorType.LATEST)))
        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ResourceNotFoundException"));
  }

  @Test
  void disablingADisabledStreamSaysSo() {
    String name = createTable("NoStream", false);
    assertThatThrownBy(
            () ->
                client.updateTable(
                    b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(false))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Table has no stream to disable: TableName: " + name);
  }

  @Test
  void reEnablingCreatesANewStreamAndTheOldOneStaysReadable() {
    String name = streamTable();
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("first"))));
    String oldArn = streams.listStreams(b -> b.tableName(name)).streams().get(0).streamArn();
    client.updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(false)));
    client.updateTable(
        b ->
            b.tableName(name)
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("second"))));
    String newArn = client.describeTable(b -> b.tableName(name)).table().latestStreamArn();
    assertThat(newArn).isNotEqualTo(oldArn);
    assertThat(streams.listStreams(b -> b.tableName(name)).streams().get(0).streamArn())
        .isEqualTo(newArn);
    var old = streams.describeStream(b -> b.streamArn(oldArn)).streamDescription();
    assertThat(old.streamStatusAsString()).isEqualTo("DISABLED");
    assertThat(old.shards().get(0).sequenceNumberRange().endingSequenceNumber()).isNotNull();
    assertThat(keys(oldArn)).containsExactly("first");
    assertThat(keys(newArn)).containsExactly("second");
  }

  @Test
  void listStreamsListsEveryReadableStreamNewestFirstAndMadeUpLabelsAreNotFound() throws Exception {
    String name = streamTable();
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("one"))));
    for (String pk : List.of("two", "three")) {
      client.updateTable(b -> b.tableName(name).streamSpecification(s -> s.streamEnabled(false)));
      Thread.sleep(5); // a new label (milliseconds)
      client.updateTable(
          b ->
              b.tableName(name)
                  .streamSpecification(
                      s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)));
      client.putItem(b -> b.tableName(name).item(Map.of("pk", s(pk))));
    }
    var listed = streams.listStreams(b -> b.tableName(name)).streams();
    assertThat(listed).hasSize(3);
    assertThat(listed.get(0).streamArn())
        .isEqualTo(client.describeTable(b -> b.tableName(name)).table().latestStreamArn());
    List<String> labels = listed.stream().map(st -> st.streamLabel()).toList();
    assertThat(labels).isSortedAccordingTo(Comparator.reverseOrder()).doesNotHaveDuplicates();
    assertThat(listed.stream().map(st -> keys(st.streamArn())).toList())
        .containsExactly(List.of("three"), List.of("two"), List.of("one"));
    // paged one at a time: the same three, in the same order
    List<String> paged = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      var page = streams.listStreams(b -> b.tableName(name).limit(1).exclusiveStartStreamArn(from));
      page.streams().forEach(st -> paged.add(st.streamArn()));
      start = page.lastEvaluatedStreamArn();
    } while (start != null);
    assertThat(paged).isEqualTo(listed.stream().map(st -> st.streamArn()).toList());
    // a label between two real ones, well-formed, that the table never had
    String real = listed.get(2).streamArn();
    String madeUp = real.substring(0, real.length() - 3) + (real.endsWith("999") ? "998" : "999");
    assertThat(listed.stream().map(st -> st.streamArn())).doesNotContain(madeUp);
    assertThatThrownBy(() -> streams.describeStream(b -> b.streamArn(madeUp)))
        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ResourceNotFoundException"))
        .hasMessageContaining("Stream: " + madeUp + " not found");
    assertThatThrownBy(
            () ->
                streams.getShardIterator(
                    b ->
                        b.streamArn(madeUp)
                            .shardId("shardId-00000000000000000000-00000000")
                            .shardIteratorType(ShardIteratorType.TRIM_HORIZON)))
        .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ResourceNotFoundException"));
  }

  private static List<String> keys(String arn) {
    var d = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
    String shard = d.shards().get(0).shardId();
    String it =
        streams
            .getShardIterator(
                b ->
                    b.streamArn(arn)
                        .shardId(shard)
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    return streams.getRecords(b -> b.shardIterator(it)).records().stream()
        .map(Record::dynamodb)
        .map(r -> r.keys().get("pk").s())
        .toList();
  }
}

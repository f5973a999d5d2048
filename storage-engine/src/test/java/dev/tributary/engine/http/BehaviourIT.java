package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/** Outcomes that must match DynamoDB's, not only its errors: what is written, returned, described. */
class BehaviourIT extends WireTestBase {

  @Test
  void removeOnlyUpdateOfAMissingItemCreatesNothingAndStreamsNothing() {
    String name = table("Remove");
    client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
        .keySchema(key("pk", KeyType.HASH)).attributeDefinitions(attr("pk", ScalarAttributeType.S))
        .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    var response = client.updateItem(b -> b.tableName(name).key(Map.of("pk", s("ghost")))
        .updateExpression("REMOVE a, b.c").returnValues(ReturnValue.ALL_NEW));
    assertThat(response.hasAttributes()).isFalse();
    assertThat(client.getItem(b -> b.tableName(name).key(Map.of("pk", s("ghost"))).consistentRead(true))
        .hasItem()).isFalse();
    // a SET does create it: the stream then holds that one INSERT only
    client.updateItem(b -> b.tableName(name).key(Map.of("pk", s("real"))).updateExpression("SET a = :v")
        .expressionAttributeValues(Map.of(":v", n("1"))));
    try (DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(server.endpoint())
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build()) {
      String arn = streams.listStreams(b -> b.tableName(name)).streams().get(0).streamArn();
      String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
      String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
          .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
      var records = streams.getRecords(b -> b.shardIterator(iterator)).records();
      assertThat(records).extracting(r -> r.dynamodb().keys().get("pk").s()).containsExactly("real");
    }
  }

  @Test
  void deleteTableDescribesTheTableWithoutItsSchema() {
    String name = createTable("Deleted", true);
    TableDescription d = client.deleteTable(b -> b.tableName(name)).tableDescription();
    assertThat(d.tableName()).isEqualTo(name);
    assertThat(d.tableStatus()).isEqualTo(TableStatus.DELETING);
    assertThat(d.tableId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(d.tableArn()).startsWith("arn:");
    assertThat(d.hasKeySchema()).isFalse();
    assertThat(d.hasAttributeDefinitions()).isFalse();
    assertThat(d.creationDateTime()).isNull();
    assertThat(d.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(d.provisionedThroughput().readCapacityUnits()).isZero();
  }

  @Test
  void continuousBackupsOfAMissingTableIsTableNotFound() {
    assertThatThrownBy(() -> client.describeContinuousBackups(b -> b.tableName("no-such-table")))
        .isInstanceOf(DynamoDbException.class)
        .satisfies(e -> assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
            .isEqualTo("TableNotFoundException"));
  }
}

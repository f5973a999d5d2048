package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Outcomes that must match DynamoDB's, not only its errors: what is written, returned, described.
 */
class BehaviourIT extends WireTestBase {

  @Test
  void removeOnlyUpdateOfAMissingItemCreatesNothingAndStreamsNothing() {
    String name = table("Remove");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    var response =
        client.updateItem(
            b ->
                b.tableName(name)
                    .key(Map.of("pk", s("ghost")))
                    .updateExpression("REMOVE a, b.c")
                    .returnValues(ReturnValue.ALL_NEW));
    assertThat(response.hasAttributes()).isFalse();
    assertThat(
            client
                .getItem(b -> b.tableName(name).key(Map.of("pk", s("ghost"))).consistentRead(true))
                .hasItem())
        .isFalse();
    // a SET does create it: the stream then holds that one INSERT only
    client.updateItem(
        b ->
            b.tableName(name)
                .key(Map.of("pk", s("real")))
                .updateExpression("SET a = :v")
                .expressionAttributeValues(Map.of(":v", n("1"))));
    try (DynamoDbStreamsClient streams =
        DynamoDbStreamsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      String arn = streams.listStreams(b -> b.tableName(name)).streams().get(0).streamArn();
      String shard =
          streams
              .describeStream(b -> b.streamArn(arn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      String iterator =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      var records = streams.getRecords(b -> b.shardIterator(iterator)).records();
      assertThat(records)
          .extracting(r -> r.dynamodb().keys().get("pk").s())
          .containsExactly("real");
    }
  }

  @Test
  void listElementsSetPastTheEndAreAppendedByElementNumberAndMissingParentsAreBadPaths() {
    String name = createTable("Paths", false);
    Map<String, AttributeValue> key = Map.of("pk", s("k"));
    client.putItem(
        b ->
            b.tableName(name)
                .item(Map.of("pk", s("k"), "a", AttributeValue.fromL(List.of(s("one"))))));
    client.updateItem(
        b ->
            b.tableName(name)
                .key(key)
                .updateExpression("SET a[84] = :v1, a[37] = :v2, a[17] = :v3, a[50] = :v4")
                .expressionAttributeValues(
                    Map.of(":v1", s("a1"), ":v2", s("a2"), ":v3", s("a3"), ":v4", s("a4"))));
    assertThat(
            client
                .getItem(b -> b.tableName(name).key(key).consistentRead(true))
                .item()
                .get("a")
                .l())
        .extracting(v -> v.s())
        .containsExactly("one", "a3", "a2", "a4", "a1");
    for (String remove : List.of("REMOVE c.d", "REMOVE c[0]")) {
      assertThatThrownBy(
              () -> client.updateItem(b -> b.tableName(name).key(key).updateExpression(remove)))
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorMessage())
                      .isEqualTo(
                          "The document path provided in the update expression is invalid for update"));
    }
    client.updateItem(
        b -> b.tableName(name).key(key).updateExpression("REMOVE a[99]")); // a missing leaf: fine
    client.updateItem(
        b -> b.tableName(name).key(Map.of("pk", s("ghost"))).updateExpression("REMOVE c.d"));
    assertThat(client.getItem(b -> b.tableName(name).key(Map.of("pk", s("ghost")))).hasItem())
        .isFalse();
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
        .satisfies(
            e ->
                assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                    .isEqualTo("TableNotFoundException"));
  }

  private static double units(Capacity c) {
    return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
  }

  private static void check(ConsumedCapacity c, boolean table, boolean indexes) {
    assertThat(c.capacityUnits()).isPositive();
    double sum = units(c.table());
    if (table) {
      assertThat(c.table()).as("Table in %s", c).isNotNull();
      assertThat(units(c.table())).isPositive();
    }
    if (c.hasGlobalSecondaryIndexes()) {
      sum += c.globalSecondaryIndexes().values().stream().mapToDouble(BehaviourIT::units).sum();
    }
    if (c.hasLocalSecondaryIndexes()) {
      sum += c.localSecondaryIndexes().values().stream().mapToDouble(BehaviourIT::units).sum();
    }
    if (indexes) {
      assertThat(c.hasGlobalSecondaryIndexes() || c.hasLocalSecondaryIndexes())
          .as("indexes in %s", c)
          .isTrue();
    }
    assertThat(sum).as("parts of %s", c).isEqualTo(c.capacityUnits());
  }

  @Test
  void indexesReportsTableAndIndexShares() {
    String name = table("Cap");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("p", KeyType.HASH), key("c", KeyType.RANGE))
                .attributeDefinitions(
                    attr("p", ScalarAttributeType.S),
                    attr("c", ScalarAttributeType.S),
                    attr("x", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("gsi")
                            .keySchema(key("x", KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.ALL)))
                .localSecondaryIndexes(
                    l ->
                        l.indexName("lsi")
                            .keySchema(key("p", KeyType.HASH), key("x", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
    var key = Map.of("p", s("p"), "c", s("c"));
    ReturnConsumedCapacity rcc = ReturnConsumedCapacity.INDEXES;
    check(
        client
            .getItem(b -> b.tableName(name).key(key).returnConsumedCapacity(rcc))
            .consumedCapacity(),
        true,
        false);
    check(
        client
            .putItem(
                b ->
                    b.tableName(name)
                        .item(Map.of("p", s("p"), "c", s("c"), "x", s("x")))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity(),
        true,
        true);
    check(
        client
            .updateItem(
                b ->
                    b.tableName(name)
                        .key(key)
                        .updateExpression("SET a = :v")
                        .expressionAttributeValues(Map.of(":v", s("hi")))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity(),
        true,
        true);
    check(
        client
            .query(
                b ->
                    b.tableName(name)
                        .keyConditionExpression("p = :p")
                        .expressionAttributeValues(Map.of(":p", s("p")))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity(),
        true,
        false);
    check(
        client.scan(b -> b.tableName(name).returnConsumedCapacity(rcc)).consumedCapacity(),
        true,
        false);
    check(
        client
            .query(
                b ->
                    b.tableName(name)
                        .indexName("gsi")
                        .keyConditionExpression("x = :x")
                        .expressionAttributeValues(Map.of(":x", s("x")))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity(),
        false,
        true);
    check(
        client
            .query(
                b ->
                    b.tableName(name)
                        .indexName("lsi")
                        .keyConditionExpression("p = :p AND x = :x")
                        .expressionAttributeValues(Map.of(":p", s("p"), ":x", s("x")))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity(),
        false,
        true);
    check(
        client
            .deleteItem(b -> b.tableName(name).key(key).returnConsumedCapacity(rcc))
            .consumedCapacity(),
        true,
        true);
    // a batch's reads report the table's share too
    check(
        client
            .batchGetItem(
                b ->
                    b.requestItems(Map.of(name, KeysAndAttributes.builder().keys(key).build()))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity()
            .get(0),
        true,
        false);
    // a batch's writes report the table's and each index's shares
    check(
        client
            .batchWriteItem(
                b ->
                    b.requestItems(
                            Map.of(
                                name,
                                List.of(
                                    WriteRequest.builder()
                                        .putRequest(
                                            r ->
                                                r.item(
                                                    Map.of("p", s("p"), "c", s("c2"), "x", s("x"))))
                                        .build(),
                                    WriteRequest.builder()
                                        .putRequest(
                                            r ->
                                                r.item(
                                                    Map.of("p", s("p"), "c", s("c3"), "x", s("y"))))
                                        .build())))
                        .returnConsumedCapacity(rcc))
            .consumedCapacity()
            .get(0),
        true,
        true);
  }

  @Test
  void lsiQueriesFetchNonProjectedAttributesOnlyWhenAsked() {
    String name = table("Lsi");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("p", KeyType.HASH), key("c", KeyType.RANGE))
                .attributeDefinitions(
                    attr("p", ScalarAttributeType.S),
                    attr("c", ScalarAttributeType.S),
                    attr("b", ScalarAttributeType.S))
                .localSecondaryIndexes(
                    l ->
                        l.indexName("hello")
                            .keySchema(key("p", KeyType.HASH), key("b", KeyType.RANGE))
                            .projection(
                                p ->
                                    p.projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("a"))));
    Map<String, AttributeValue> item =
        Map.of("p", s("p"), "c", s("c"), "b", s("b"), "a", s("a"), "x", s("x"));
    client.putItem(b -> b.tableName(name).item(item));
    var q =
        QueryRequest.builder()
            .tableName(name)
            .indexName("hello")
            .keyConditionExpression("p = :p AND b = :b")
            .expressionAttributeValues(Map.of(":p", s("p"), ":b", s("b")));
    assertThat(client.query(q.build()).items())
        .containsExactly(Map.of("p", s("p"), "c", s("c"), "b", s("b"), "a", s("a")));
    assertThat(client.query(q.copy().select(Select.ALL_PROJECTED_ATTRIBUTES).build()).items())
        .containsExactly(Map.of("p", s("p"), "c", s("c"), "b", s("b"), "a", s("a")));
    assertThat(client.query(q.copy().select(Select.ALL_ATTRIBUTES).build()).items())
        .containsExactly(item);
    assertThat(client.query(q.copy().projectionExpression("a, x").build()).items())
        .containsExactly(Map.of("a", s("a"), "x", s("x")));
    assertThat(client.query(q.copy().select(Select.COUNT).build()).hasItems()).isFalse();
  }

  @Test
  void lsiFilterOnNonProjectedAttributesReadsThemFromTheTable() {
    String name = table("LsiFilter");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("p", KeyType.HASH), key("c", KeyType.RANGE))
                .attributeDefinitions(
                    attr("p", ScalarAttributeType.S),
                    attr("c", ScalarAttributeType.S),
                    attr("b", ScalarAttributeType.S))
                .localSecondaryIndexes(
                    l ->
                        l.indexName("byB")
                            .keySchema(key("p", KeyType.HASH), key("b", KeyType.RANGE))
                            .projection(
                                p ->
                                    p.projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("inc"))));
    String big = "y".repeat(5000); // the table read is what makes the charge pass 4 KB
    client.putItem(
        b ->
            b.tableName(name)
                .item(
                    Map.of(
                        "p", s("p"), "c", s("1"), "b", s("b1"), "inc", s("i"), "x", s("keep"),
                        "big", s(big))));
    client.putItem(
        b ->
            b.tableName(name)
                .item(
                    Map.of("p", s("p"), "c", s("2"), "b", s("b2"), "x", s("drop"), "big", s(big))));
    var q =
        QueryRequest.builder()
            .tableName(name)
            .indexName("byB")
            .keyConditionExpression("p = :p")
            .filterExpression("x = :x")
            .expressionAttributeValues(Map.of(":p", s("p"), ":x", s("keep")))
            .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
    var page = client.query(q.build());
    // filtered on the table's x, answered with what the index projects
    assertThat(page.items())
        .containsExactly(Map.of("p", s("p"), "c", s("1"), "b", s("b1"), "inc", s("i")));
    assertThat(page.scannedCount()).isEqualTo(2);
    assertThat(page.consumedCapacity().capacityUnits()).isGreaterThan(1.0);
    var projected = client.query(q.copy().filterExpression("inc = :x").build());
    assertThat(projected.count()).isZero();
    assertThat(projected.consumedCapacity().capacityUnits()).isEqualTo(0.5); // no table read
    assertThat(client.query(q.copy().select(Select.COUNT).build()).count()).isEqualTo(1);
    assertThat(client.query(q.copy().projectionExpression("big, x").build()).items())
        .containsExactly(Map.of("big", s(big), "x", s("keep")));
  }
}

package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DuplicateItemException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** ExecuteStatement, BatchExecuteStatement and ExecuteTransaction through the SDK v2. */
class PartiqlIT extends WireTestBase {

  private static ExecuteStatementResponse exec(String statement, AttributeValue... params) {
    return client.executeStatement(
        b -> {
          b.statement(statement);
          if (params.length > 0) {
            b.parameters(params);
          }
        });
  }

  @Test
  void shouldInsertSelectAndRefuseDuplicateInsert() {
    String t = createTable("pq", true);
    exec(
        "INSERT INTO \""
            + t
            + "\" VALUE {'pk': 'a', 'sk': '1', 'n': 5, 'tags': <<'x', 'y'>>,"
            + " 'doc': {'l': [1, 'two', true, null]}}");
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': ?, 'sk': ?, 'n': ?}", s("a"), s("2"), n("7"));

    var items = exec("SELECT * FROM \"" + t + "\" WHERE pk = 'a'").items();
    assertThat(items).hasSize(2);
    assertThat(items.get(0).get("tags").ss()).containsExactlyInAnyOrder("x", "y");
    assertThat(items.get(0).get("doc").m().get("l").l().get(1).s()).isEqualTo("two");

    var projected =
        exec("SELECT n, doc.l[1] FROM \"" + t + "\" WHERE pk = ? AND sk = ?", s("a"), s("1"))
            .items();
    assertThat(projected).hasSize(1);
    assertThat(projected.get(0)).containsOnlyKeys("n", "doc");
    assertThat(projected.get(0).get("doc").m().get("l").l()).hasSize(1);

    assertThatThrownBy(() -> exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'a', 'sk': '1'}"))
        .isInstanceOf(DuplicateItemException.class)
        .hasMessageContaining("Duplicate primary key exists in table");
  }

  @Test
  void shouldQueryOnSortKeyConditionsAndPageWithNextToken() {
    String t = createTable("pq", true);
    for (int i = 0; i < 10; i++) {
      exec(
          "INSERT INTO \"" + t + "\" VALUE {'pk': 'p', 'sk': ?, 'v': ?}",
          s("k" + i),
          n(String.valueOf(i)));
    }
    assertThat(
            exec("SELECT * FROM \"" + t + "\" WHERE pk = 'p' AND sk BETWEEN 'k2' AND 'k4'").items())
        .extracting(m -> m.get("sk").s())
        .containsExactly("k2", "k3", "k4");
    assertThat(exec("SELECT * FROM \"" + t + "\" WHERE pk = 'p' AND sk >= 'k8'").items())
        .hasSize(2);
    assertThat(exec("SELECT * FROM \"" + t + "\" WHERE 'p' = pk AND 'k2' > sk").items())
        .extracting(m -> m.get("sk").s())
        .containsExactly("k0", "k1");
    assertThat(exec("SELECT * FROM \"" + t + "\" WHERE pk = 'p' AND begins_with(sk, 'k1')").items())
        .hasSize(1);
    assertThat(exec("SELECT * FROM \"" + t + "\" WHERE pk = 'p' AND v > 6").items()).hasSize(3);

    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String current = token;
      var page =
          client.executeStatement(
              b ->
                  b.statement("SELECT sk FROM \"" + t + "\" WHERE pk = 'p'")
                      .limit(3)
                      .nextToken(current));
      page.items().forEach(m -> seen.add(m.get("sk").s()));
      token = page.nextToken();
      pages++;
    } while (token != null);
    assertThat(seen).hasSize(10).doesNotHaveDuplicates();
    assertThat(pages).isGreaterThanOrEqualTo(4);
  }

  @Test
  void shouldScanWithFiltersAndFunctions() {
    String t = createTable("pq", false);
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'a', 'name': 'alpha', 'list': [1, 2, 3]}");
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'b', 'name': 'beta'}");
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'c', 'other': 1}");
    assertThat(keys(exec("SELECT * FROM \"" + t + "\" WHERE contains(name, 'et')").items()))
        .containsExactly("b");
    assertThat(keys(exec("SELECT * FROM \"" + t + "\" WHERE size(list) = 3").items()))
        .containsExactly("a");
    assertThat(keys(exec("SELECT * FROM \"" + t + "\" WHERE name IS MISSING").items()))
        .containsExactly("c");
    assertThat(
            keys(
                exec("SELECT * FROM \""
                        + t
                        + "\" WHERE exists(name) AND NOT begins_with(name, 'a')")
                    .items()))
        .containsExactly("b");
    assertThat(keys(exec("SELECT * FROM \"" + t + "\" WHERE pk IN ['a', 'c']").items()))
        .containsExactlyInAnyOrder("a", "c");
    assertThat(keys(exec("SELECT * FROM \"" + t + "\" WHERE attribute_type(other, 'N')").items()))
        .containsExactly("c");
  }

  private static List<String> keys(List<Map<String, AttributeValue>> items) {
    return items.stream().map(m -> m.get("pk").s()).toList();
  }

  @Test
  void shouldUpdateWithSetRemoveArithmeticAndSetFunctions() {
    String t = createTable("pq", false);
    exec(
        "INSERT INTO \""
            + t
            + "\" VALUE {'pk': 'a', 'n': 1, 'gone': 'x', 'l': [1], 'ss': <<'a'>>}");
    exec(
        "UPDATE \""
            + t
            + "\" SET n = n + 4 SET l = list_append(l, [2]) REMOVE gone WHERE pk = 'a'");
    exec("UPDATE \"" + t + "\" SET ss = set_add(ss, <<'b', 'c'>>) WHERE pk = 'a'");
    exec(
        "UPDATE \""
            + t
            + "\" SET ss = set_delete(ss, <<'a'>>), m = {'deep': ?} WHERE pk = 'a' AND n = 5",
        s("v"));
    var item = client.getItem(b -> b.tableName(t).key(Map.of("pk", s("a")))).item();
    assertThat(item.get("n").n()).isEqualTo("5");
    assertThat(item).doesNotContainKey("gone");
    assertThat(item.get("l").l()).extracting(AttributeValue::n).containsExactly("1", "2");
    assertThat(item.get("ss").ss()).containsExactlyInAnyOrder("b", "c");
    assertThat(item.get("m").m().get("deep").s()).isEqualTo("v");

    assertThatThrownBy(
            () ->
                client.executeStatement(
                    b ->
                        b.statement("UPDATE \"" + t + "\" SET n = 0 WHERE pk = 'a' AND n = 99")
                            .returnValuesOnConditionCheckFailure("ALL_OLD")))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> assertThat(e.item().get("n").n()).isEqualTo("5"));
    assertThatThrownBy(() -> exec("UPDATE \"" + t + "\" SET n = 0 WHERE pk = 'missing'"))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(client.getItem(b -> b.tableName(t).key(Map.of("pk", s("missing")))).hasItem())
        .isFalse();
    assertThatThrownBy(() -> exec("UPDATE \"" + t + "\" SET n = 0 WHERE n = 5"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining(
            "Where clause does not contain a mandatory equality on all key attributes");
  }

  @Test
  void shouldReturnImagesWithReturning() {
    String t = createTable("pq", false);
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'a', 'n': 1, 'keep': 'k'}");
    var allNew =
        exec("UPDATE \"" + t + "\" SET n = n + 1 WHERE pk = 'a' RETURNING ALL NEW *").items();
    assertThat(allNew).hasSize(1);
    assertThat(allNew.get(0)).containsKeys("pk", "keep");
    assertThat(allNew.get(0).get("n").n()).isEqualTo("2");
    var modifiedOld =
        exec("UPDATE \"" + t + "\" SET n = 7 WHERE pk = 'a' RETURNING MODIFIED OLD *").items();
    assertThat(modifiedOld).containsExactly(Map.of("n", n("2")));
    var deleted = exec("DELETE FROM \"" + t + "\" WHERE pk = 'a' RETURNING ALL OLD *").items();
    assertThat(deleted.get(0).get("n").n()).isEqualTo("7");
    assertThatThrownBy(() -> exec("DELETE FROM \"" + t + "\" WHERE pk = 'a' RETURNING ALL NEW *"))
        .hasMessageContaining("Statement wasn't well formed");
  }

  @Test
  void shouldQueryAGlobalSecondaryIndex() {
    String t = table("pqi");
    client.createTable(
        b ->
            b.tableName(t)
                .billingMode("PAY_PER_REQUEST")
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(
                    attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    gsi ->
                        gsi.indexName("byG")
                            .keySchema(key("g", KeyType.HASH))
                            .projection(p -> p.projectionType("ALL"))));
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': '1', 'g': 'x'}");
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': '2', 'g': 'y'}");
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': '3', 'g': 'x'}");
    assertThat(keys(exec("SELECT * FROM \"" + t + "\".\"byG\" WHERE g = 'x'").items()))
        .containsExactlyInAnyOrder("1", "3");
    assertThatThrownBy(() -> exec("SELECT * FROM \"" + t + "\".\"nope\" WHERE g = 'x'"))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void shouldDeleteWithCondition() {
    String t = createTable("pq", false);
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'a', 'n': 1}");
    assertThatThrownBy(() -> exec("DELETE FROM \"" + t + "\" WHERE pk = 'a' AND n = 2"))
        .isInstanceOf(ConditionalCheckFailedException.class);
    exec("DELETE FROM \"" + t + "\" WHERE pk = 'a' AND n = 1");
    // a missing item: success, nothing deleted (DynamoDB's documented behaviour)
    exec("DELETE FROM \"" + t + "\" WHERE pk = 'nope' AND n = 2");
    assertThat(exec("SELECT * FROM \"" + t + "\"").items()).isEmpty();
  }

  @Test
  void shouldAnswerMalformedAndHostileStatementsWithValidationException() {
    String t = createTable("pq", false);
    for (String bad :
        List.of(
            "",
            "SELEC * FROM x",
            "SELECT * FROM \"" + t + "\" WHERE",
            "INSERT INTO \"" + t + "\" VALUE {'pk': 'a'",
            "SELECT * FROM \"" + t + "\" WHERE pk = 'unterminated",
            "SELECT * FROM \"" + t + "\" WHERE " + "(".repeat(5000) + "pk = 'a'" + ")".repeat(5000),
            "SELECT * FROM \"" + t + "\" WHERE " + "NOT ".repeat(2000) + "pk = 'a'",
            "INSERT INTO \"" + t + "\" VALUE " + "[".repeat(3000) + "]".repeat(3000))) {
      assertThatThrownBy(() -> exec(bad))
          .as(bad.length() > 80 ? bad.substring(0, 80) : bad)
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              });
    }
    assertThatThrownBy(() -> exec("SELECT * FROM \"" + t + "\" WHERE pk = ?"))
        .hasMessageContaining("Number of parameters in request and statement don't match");
  }

  @Test
  void shouldBatchWithPerStatementErrors() {
    String t = createTable("pq", false);
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'dup'}");
    List<BatchStatementResponse> responses =
        client
            .batchExecuteStatement(
                b ->
                    b.statements(
                        BatchStatementRequest.builder()
                            .statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'new'}")
                            .build(),
                        BatchStatementRequest.builder()
                            .statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'dup'}")
                            .build(),
                        BatchStatementRequest.builder()
                            .statement("SELECT * FROM \"" + t + "\" WHERE pk = ?")
                            .parameters(s("dup"))
                            .build(),
                        BatchStatementRequest.builder()
                            .statement("SELECT * FROM \"" + t + "\" WHERE n = 1")
                            .build()))
            .responses();
    assertThat(responses).hasSize(4);
    assertThat(responses.get(0).error()).isNull();
    assertThat(responses.get(0).tableName()).isEqualTo(t);
    assertThat(responses.get(1).error().codeAsString()).isEqualTo("DuplicateItem");
    assertThat(responses.get(2).item().get("pk").s()).isEqualTo("dup");
    assertThat(responses.get(3).error().codeAsString()).isEqualTo("ValidationError");

    List<BatchStatementRequest> tooMany = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      tooMany.add(
          BatchStatementRequest.builder()
              .statement("SELECT * FROM \"" + t + "\" WHERE pk = 'x'")
              .build());
    }
    assertThatThrownBy(() -> client.batchExecuteStatement(b -> b.statements(tooMany)))
        .hasMessageContaining("Member must have length less than or equal to 25");
  }

  @Test
  void shouldRunTransactionsAllOrNothing() {
    String t = createTable("pq", false);
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'dup', 'n': 1}");
    var tx =
        client.executeTransaction(
            b ->
                b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .transactStatements(
                        ParameterizedStatement.builder()
                            .statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'a'}")
                            .build(),
                        ParameterizedStatement.builder()
                            .statement("UPDATE \"" + t + "\" SET n = n + 1 WHERE pk = ?")
                            .parameters(s("dup"))
                            .build()));
    assertThat(tx.consumedCapacity()).isNotEmpty();
    assertThatThrownBy(
            () ->
                client.executeTransaction(
                    b ->
                        b.transactStatements(
                            ParameterizedStatement.builder()
                                .statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'b'}")
                                .build(),
                            ParameterizedStatement.builder()
                                .statement("INSERT INTO \"" + t + "\" VALUE {'pk': 'dup'}")
                                .build())))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e ->
                assertThat(e.cancellationReasons())
                    .extracting(r -> r.code())
                    .containsExactly("None", "DuplicateItem"));
    var read =
        client.executeTransaction(
            b ->
                b.transactStatements(
                    ParameterizedStatement.builder()
                        .statement("SELECT * FROM \"" + t + "\" WHERE pk = 'dup'")
                        .build(),
                    ParameterizedStatement.builder()
                        .statement("SELECT * FROM \"" + t + "\" WHERE pk = 'b'")
                        .build()));
    assertThat(read.responses()).hasSize(2);
    assertThat(read.responses().get(0).item().get("n").n()).isEqualTo("2");
    assertThat(read.responses().get(1).hasItem()).isFalse();

    List<ParameterizedStatement> tooMany = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(
          ParameterizedStatement.builder()
              .statement("SELECT * FROM \"" + t + "\" WHERE pk = 'x'")
              .build());
    }
    assertThatThrownBy(() -> client.executeTransaction(b -> b.transactStatements(tooMany)))
        .hasMessageContaining("Member must have length less than or equal to 100");
  }

  @Test
  void shouldWriteTheSameStreamRecordsAsItemOperations() {
    String t = table("pqs");
    client.createTable(
        b ->
            b.tableName(t)
                .billingMode("PAY_PER_REQUEST")
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    exec("INSERT INTO \"" + t + "\" VALUE {'pk': 'a', 'n': 1}");
    exec("UPDATE \"" + t + "\" SET n = n + 1 WHERE pk = 'a'");
    exec("DELETE FROM \"" + t + "\" WHERE pk = 'a'");
    try (DynamoDbStreamsClient streams =
        DynamoDbStreamsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      String arn = streams.listStreams(b -> b.tableName(t)).streams().get(0).streamArn();
      String shard =
          streams
              .describeStream(b -> b.streamArn(arn))
              .streamDescription()
              .shards()
              .get(0)
              .shardId();
      String it =
          streams
              .getShardIterator(
                  b ->
                      b.streamArn(arn)
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      var records = streams.getRecords(b -> b.shardIterator(it)).records();
      assertThat(records)
          .extracting(r -> r.eventName().toString())
          .containsExactly("INSERT", "MODIFY", "REMOVE");
      assertThat(records.get(0).dynamodb().newImage().get("n").n()).isEqualTo("1");
      assertThat(records.get(0).dynamodb().hasOldImage()).isFalse();
      assertThat(records.get(1).dynamodb().oldImage().get("n").n()).isEqualTo("1");
      assertThat(records.get(1).dynamodb().newImage().get("n").n()).isEqualTo("2");
      assertThat(records.get(2).dynamodb().oldImage().get("n").n()).isEqualTo("2");
      assertThat(records.get(2).dynamodb().hasNewImage()).isFalse();
      assertThat(records)
          .extracting(r -> r.eventName())
          .doesNotContainNull()
          .isNotEqualTo(List.of(OperationType.UNKNOWN_TO_SDK_VERSION));
    }
  }
}

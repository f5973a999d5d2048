package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Requests DynamoDB refuses as invalid, refused here with its error type and wording. */
class RequestValidationIT extends WireTestBase {

  @Override
  ServerOptions.Builder serverOptions() {
    return ServerOptions.builder().port(0).workerThreads(8).allowAnyCredentials(true);
  }

  private static DynamoDbException validation(Runnable call) {
    try {
      call.run();
    } catch (DynamoDbException e) {
      assertThat(e.awsErrorDetails().errorCode())
          .as(e.getMessage())
          .isEqualTo("ValidationException");
      return e;
    }
    throw new AssertionError("expected a ValidationException");
  }

  @Test
  void exclusiveStartKeyMustMatchTheSchemaAndTheQuery() {
    String name = createTable("Esk", true);
    Map<String, AttributeValue> right = Map.of(":p", s("right"));
    assertThat(
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(name)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(right)
                                .exclusiveStartKey(Map.of("pk", s("wrong"), "sk", s("a"))))))
        .hasMessageContaining(
            "The provided starting key is outside query boundaries based on provided conditions");
    assertThat(
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(name)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(right)
                                .exclusiveStartKey(
                                    Map.of("pk", s("right"), "sk", s("a"), "x", s("spurious"))))))
        .hasMessageContaining("The provided starting key is invalid");
    assertThat(
            validation(
                () ->
                    client.scan(
                        b -> b.tableName(name).exclusiveStartKey(Map.of("pk", s("right"))))))
        .hasMessageContaining("The provided starting key is invalid");
    client.query(
        b ->
            b.tableName(name)
                .keyConditionExpression("pk = :p")
                .expressionAttributeValues(right)
                .exclusiveStartKey(Map.of("pk", s("right"), "sk", s("a"))));
    // without a sort key a partition holds one item: nothing follows it
    String hashOnly = createTable("EskHash", false);
    client.putItem(b -> b.tableName(hashOnly).item(Map.of("pk", s("right"))));
    assertThat(
            client
                .query(
                    b ->
                        b.tableName(hashOnly)
                            .keyConditionExpression("pk = :p")
                            .expressionAttributeValues(right)
                            .limit(1))
                .hasLastEvaluatedKey())
        .isFalse();
    assertThat(
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(hashOnly)
                                .keyConditionExpression("pk = :p")
                                .expressionAttributeValues(right)
                                .exclusiveStartKey(Map.of("pk", s("right"))))))
        .hasMessageStartingWith(
            "The provided exclusive start key is invalid: ExclusiveStartKey:"
                + " {pk=AttributeValue: {S:right}}");
  }

  @Test
  void selectContradictingAttributesToGetNamesIt() {
    String name = createTable("Select", false);
    assertThat(
            validation(
                () ->
                    client.scan(
                        b -> b.tableName(name).select(Select.ALL_ATTRIBUTES).attributesToGet("x"))))
        .hasMessageContaining(
            "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES");
    assertThat(
            validation(
                () ->
                    client.scan(
                        b -> b.tableName(name).select(Select.COUNT).projectionExpression("x"))))
        .hasMessageContaining("ProjectionExpression");
    client.scan(b -> b.tableName(name).select(Select.SPECIFIC_ATTRIBUTES).attributesToGet("x"));
  }

  @Test
  void legacyConditionsCheckTheirOperands() {
    String name = createTable("Legacy", false);
    Map<String, AttributeValue> key = Map.of("pk", s("k"));
    Map<String, AttributeValueUpdate> set =
        Map.of("z", AttributeValueUpdate.builder().value(n("1")).build());
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("k"), "a", n("1"))));
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .attributeUpdates(set)
                                .expected(
                                    Map.of(
                                        "a",
                                        expected(
                                            ComparisonOperator.LE,
                                            AttributeValue.fromL(List.of(n("1")))))))))
        .hasMessageContaining("ComparisonOperator LE is not valid for L AttributeValue type");
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .attributeUpdates(set)
                                .expected(
                                    Map.of(
                                        "a", expected(ComparisonOperator.IN, n("3"), s("dog")))))))
        .hasMessageContaining("AttributeValues inside AttributeValueList must be of same type");
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .attributeUpdates(set)
                                .expected(
                                    Map.of(
                                        "a",
                                        expected(ComparisonOperator.BETWEEN, n("5"), n("1")))))))
        .hasMessageContaining("lower bound is greater than the upper bound");
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .attributeUpdates(set)
                                .expected(
                                    Map.of(
                                        "a",
                                        expected(ComparisonOperator.CONTAINS, n("2"), n("3")))))))
        .hasMessageContaining("Invalid number of argument(s) for the CONTAINS ComparisonOperator");
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .attributeUpdates(set)
                                .conditionalOperator(ConditionalOperator.OR))))
        .hasMessageContaining("ConditionalOperator cannot be used without Filter or Expected");
    assertThat(
            validation(
                () ->
                    client.scan(
                        b ->
                            b.tableName(name)
                                .conditionalOperator(ConditionalOperator.AND)
                                .scanFilter(
                                    Map.of(
                                        "a",
                                        Condition.builder()
                                            .comparisonOperator(ComparisonOperator.NOT_NULL)
                                            .build())))))
        .hasMessageContaining("ConditionalOperator");
    client.updateItem(
        b ->
            b.tableName(name)
                .key(key)
                .attributeUpdates(set)
                .expected(Map.of("a", expected(ComparisonOperator.BETWEEN, n("1"), n("5")))));
  }

  private static ExpectedAttributeValue expected(ComparisonOperator op, AttributeValue... values) {
    return ExpectedAttributeValue.builder()
        .comparisonOperator(op)
        .attributeValueList(values)
        .build();
  }

  @Test
  void indexDefinitionsAreChecked() {
    assertThat(
            validation(
                () ->
                    client.createTable(
                        b ->
                            b.tableName(table("Lsi"))
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .keySchema(key("p", KeyType.HASH), key("c", KeyType.RANGE))
                                .attributeDefinitions(
                                    attr("p", ScalarAttributeType.S),
                                    attr("c", ScalarAttributeType.S))
                                .localSecondaryIndexes(
                                    l ->
                                        l.indexName("hello")
                                            .keySchema(
                                                key("p", KeyType.HASH), key("p", KeyType.RANGE))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.ALL))))))
        .hasMessageContaining("have the same name");
    assertThat(
            validation(
                () ->
                    client.createTable(
                        b ->
                            b.tableName(table("Gsi"))
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .keySchema(key("p", KeyType.HASH))
                                .attributeDefinitions(
                                    attr("p", ScalarAttributeType.S),
                                    attr("x", ScalarAttributeType.S))
                                .globalSecondaryIndexes(
                                    g ->
                                        g.indexName("hello")
                                            .keySchema(key("x", KeyType.HASH))
                                            .projection(
                                                p ->
                                                    p.projectionType(ProjectionType.INCLUDE)
                                                        .nonKeyAttributes("a", "a"))))))
        .hasMessageContaining("Duplicate");
    assertThat(
            validation(
                () ->
                    client.createTable(
                        b ->
                            b.tableName(table("Gsi"))
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .keySchema(key("p", KeyType.HASH))
                                .attributeDefinitions(
                                    attr("p", ScalarAttributeType.S),
                                    attr("x", ScalarAttributeType.S))
                                .globalSecondaryIndexes(
                                    g ->
                                        g.indexName("hello")
                                            .keySchema(key("x", KeyType.HASH))
                                            .projection(p -> {})))))
        .hasMessageContaining("Unknown ProjectionType: null");
  }

  @Test
  void tagsAndTtlSettingsAreChecked() {
    String name = createTable("Tags", false);
    String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
    assertThat(
            validation(
                () ->
                    client.tagResource(
                        b ->
                            b.resourceArn(arn)
                                .tags(Tag.builder().key("ok").value("#!%%^$$&").build()))))
        .hasMessageContaining("Member must satisfy regular expression pattern");
    client.tagResource(
        b ->
            b.resourceArn(arn)
                .tags(Tag.builder().key("team:a/b=c+d-e@f_g.h").value("x y").build()));
    assertThat(
            validation(
                () ->
                    client.updateTimeToLive(
                        b ->
                            b.tableName(name)
                                .timeToLiveSpecification(
                                    t -> t.attributeName("x".repeat(256)).enabled(true)))))
        .hasMessageContaining("length");
    assertThat(
            validation(
                () ->
                    client.updateTimeToLive(
                        b ->
                            b.tableName(name)
                                .timeToLiveSpecification(t -> t.attributeName("").enabled(true)))))
        .hasMessageContaining("length");
  }

  @Test
  void batchWriteRefusesAnEmptyListForATable() {
    String name = createTable("Batch", false);
    assertThat(
            validation(
                () ->
                    client.batchWriteItem(
                        b -> b.requestItems(Map.of(name, List.<WriteRequest>of())))))
        .hasMessageStartingWith(
            "1 validation error detected: Value '{"
                + name
                + "=[]}' at 'requestItems' failed to"
                + " satisfy constraint: Map value must satisfy constraint: [Member must have length less than or"
                + " equal to 25, Member must have length greater than or equal to 1]");
    // a PutRequest item without its key, or with a mistyped one, does not match the schema
    for (Map<String, AttributeValue> item :
        List.of(Map.of("other", s("x")), Map.of("pk", n("5")))) {
      assertThat(
              validation(
                  () ->
                      client.batchWriteItem(
                          b ->
                              b.requestItems(
                                  Map.of(
                                      name,
                                      List.of(
                                          WriteRequest.builder()
                                              .putRequest(p -> p.item(item))
                                              .build()))))))
          .hasMessageStartingWith("The provided key element does not match the schema");
    }
  }

  @Test
  void updatePathsMustFitTheDocument() {
    String name = createTable("Paths", false);
    client.putItem(
        b ->
            b.tableName(name)
                .item(
                    Map.of(
                        "pk",
                        s("k"),
                        "a",
                        s("hello"),
                        "b",
                        AttributeValue.fromL(List.of(s("hi"))),
                        "m",
                        AttributeValue.fromM(Map.of()))));
    for (String update : List.of("SET a.c = :v", "SET b.c = :v", "SET m[0] = :v", "SET c.c = :v")) {
      assertThat(
              validation(
                  () ->
                      client.updateItem(
                          b ->
                              b.tableName(name)
                                  .key(Map.of("pk", s("k")))
                                  .updateExpression(update)
                                  .expressionAttributeValues(Map.of(":v", n("7"))))))
          .as(update)
          .hasMessageContaining(
              "The document path provided in the update expression is invalid for update");
    }
  }

  @Test
  void multiAttributeKeyConditionsNameTheAttributesLackingEquality() {
    String name = table("Multi");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(
                    attr("pk", ScalarAttributeType.S),
                    attr("h1", ScalarAttributeType.S),
                    attr("h2", ScalarAttributeType.S),
                    attr("a", ScalarAttributeType.S),
                    attr("b", ScalarAttributeType.S),
                    attr("c", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("multi")
                            .keySchema(
                                key("h1", KeyType.HASH),
                                key("h2", KeyType.HASH),
                                key("a", KeyType.RANGE),
                                key("b", KeyType.RANGE),
                                key("c", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
    Map<String, AttributeValue> v = Map.of(":h", s("h"), ":a", s("a"), ":b", s("b"), ":c", s("c"));
    Function<String, DynamoDbException> query =
        kce ->
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(name)
                                .indexName("multi")
                                .keyConditionExpression(kce)
                                .expressionAttributeValues(
                                    v.entrySet().stream()
                                        .filter(e -> kce.contains(e.getKey()))
                                        .collect(
                                            Collectors.toMap(
                                                Map.Entry::getKey, Map.Entry::getValue)))));
    assertThat(query.apply("h1 = :h AND a = :a"))
        .hasMessageContaining(
            "HASH key attributes h2 must have equality conditions specified in the query");
    assertThat(query.apply("h1 = :h AND h2 = :h AND a = :a AND c = :c"))
        .hasMessageContaining(
            "RANGE key attributes b must have equality conditions specified in the query because a condition is"
                + " present on key attribute c");
    assertThat(query.apply("h1 = :h AND h2 = :h AND a > :a AND b = :b"))
        .hasMessageContaining(
            "RANGE key attributes a must have equality conditions specified in the query because a condition is"
                + " present on key attribute b");
    client.query(
        b ->
            b.tableName(name)
                .indexName("multi")
                .keyConditionExpression("b = :b AND h2 = :h AND h1 = :h AND a = :a")
                .expressionAttributeValues(Map.of(":h", s("h"), ":a", s("a"), ":b", s("b"))));
  }

  @Test
  void duplicateNamesAndMultiAttributeKeySchemasInDynamoDbsWords() {
    assertThat(
            validation(
                () ->
                    client.createTable(
                        b ->
                            b.tableName(table("DupDef"))
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .keySchema(key("xyz", KeyType.HASH))
                                .attributeDefinitions(
                                    attr("xyz", ScalarAttributeType.S),
                                    attr("xyz", ScalarAttributeType.N)))))
        .hasMessageStartingWith("Attribute Name is duplicated: xyz");
    String name = createTable("DupGet", false);
    assertThat(
            validation(
                () ->
                    client.getItem(
                        b ->
                            b.tableName(name)
                                .key(Map.of("pk", s("k")))
                                .attributesToGet("a", "b", "a"))))
        .hasMessageStartingWith(
            "One or more parameter values were invalid: Duplicate value in attribute name: a");
    Function<List<KeySchemaElement>, DynamoDbException> gsi =
        ks ->
            validation(
                () ->
                    client.createTable(
                        b ->
                            b.tableName(table("Gsi"))
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .keySchema(key("p", KeyType.HASH))
                                .attributeDefinitions(
                                    Stream.of("p", "a", "b", "c", "d", "e")
                                        .map(n -> attr(n, ScalarAttributeType.S))
                                        .toList())
                                .globalSecondaryIndexes(
                                    g ->
                                        g.indexName("gsi")
                                            .keySchema(ks)
                                            .projection(
                                                p -> p.projectionType(ProjectionType.ALL)))));
    assertThat(gsi.apply(List.of(key("a", KeyType.HASH), key("a", KeyType.HASH))))
        .hasMessageContaining("have the same name");
    assertThat(
            gsi.apply(
                List.of(key("a", KeyType.HASH), key("b", KeyType.HASH), key("a", KeyType.RANGE))))
        .hasMessageContaining("have the same name");
    assertThat(
            gsi.apply(
                List.of(key("a", KeyType.HASH), key("b", KeyType.RANGE), key("c", KeyType.HASH))))
        .hasMessageStartingWith(
            "Invalid KeySchema: All HASH key attributes must precede RANGE key attributes in the KeySchema");
    assertThat(
            gsi.apply(
                List.of(
                    key("a", KeyType.HASH),
                    key("b", KeyType.HASH),
                    key("c", KeyType.HASH),
                    key("d", KeyType.HASH),
                    key("e", KeyType.HASH))))
        .hasMessageStartingWith(
            "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of HASH key attributes");
    assertThat(
            gsi.apply(
                List.of(
                    key("p", KeyType.HASH),
                    key("a", KeyType.RANGE),
                    key("b", KeyType.RANGE),
                    key("c", KeyType.RANGE),
                    key("d", KeyType.RANGE),
                    key("e", KeyType.RANGE))))
        .hasMessageStartingWith(
            "Invalid KeySchema: The KeySchema exceeds the maximum allowed number of RANGE key attributes");
  }

  @Test
  void keyConditionsComparisonsAndNumbersInDynamoDbsWords() {
    String name = createTable("Words", true);
    Condition eq =
        Condition.builder()
            .comparisonOperator(ComparisonOperator.EQ)
            .attributeValueList(s("p"))
            .build();
    assertThat(
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(name)
                                .keyConditions(
                                    Map.of(
                                        "pk",
                                        Condition.builder()
                                            .comparisonOperator("DOG")
                                            .attributeValueList(s("p"))
                                            .build())))))
        .hasMessageStartingWith(
            "1 validation error detected: Value 'DOG' at 'keyConditions.pk.member.comparisonOperator'"
                + " failed to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT,"
                + " NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
    assertThat(
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(name)
                                .keyConditions(
                                    Map.of(
                                        "pk",
                                        eq,
                                        "sk",
                                        Condition.builder()
                                            .comparisonOperator(ComparisonOperator.NE)
                                            .attributeValueList(s("x"))
                                            .build())))))
        .hasMessageStartingWith("Attempted conditional constraint is not an indexable operation");
    assertThat(
            validation(
                () ->
                    client.scan(
                        b ->
                            b.tableName(name)
                                .scanFilter(
                                    Map.of(
                                        "a",
                                        Condition.builder()
                                            .comparisonOperator("eq")
                                            .attributeValueList(s("x"))
                                            .build())))))
        .hasMessageContaining("at 'scanFilter.a.member.comparisonOperator'");
    assertThat(
            validation(
                () ->
                    client.query(
                        b ->
                            b.tableName(name)
                                .keyConditionExpression("pk = :p AND sk.x = :p")
                                .expressionAttributeValues(Map.of(":p", s("p"))))))
        .hasMessageStartingWith(
            "Invalid KeyConditionExpression: KeyConditionExpressions cannot have conditions on nested"
                + " attributes");
    Map<String, AttributeValue> key = Map.of("pk", s("p"), "sk", s("s"));
    // an ordering comparison with a value that has no order is an error, not a false condition
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .updateExpression("SET z = :v")
                                .conditionExpression("a < :l")
                                .expressionAttributeValues(
                                    Map.of(
                                        ":v",
                                        n("1"),
                                        ":l",
                                        AttributeValue.fromL(List.of(n("1"))))))))
        .hasMessageStartingWith(
            "Invalid ConditionExpression: Incorrect operand type for operator or function; operator or"
                + " function: <, operand type: L");
    assertThat(
            validation(
                () ->
                    client.scan(
                        b ->
                            b.tableName(name)
                                .filterExpression("a BETWEEN :m AND :n")
                                .expressionAttributeValues(
                                    Map.of(
                                        ":m",
                                        AttributeValue.fromBool(true),
                                        ":n",
                                        AttributeValue.fromBool(true))))))
        .hasMessageContaining("operator or function: BETWEEN, operand type: BOOL");
    client.putItem(
        b ->
            b.tableName(name)
                .item(Map.of("pk", s("p"), "sk", s("s"), "a", AttributeValue.fromL(List.of()))));
    // a list in the item makes the comparison false, as in DynamoDB
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(name)
                            .key(key)
                            .updateExpression("SET z = :v")
                            .conditionExpression("a < :v")
                            .expressionAttributeValues(Map.of(":v", n("1")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    for (String bad : List.of("dog", " 1", "1 ", "NaN", "Infinity")) {
      assertThat(
              validation(
                  () ->
                      client.putItem(
                          b ->
                              b.tableName(name)
                                  .item(
                                      Map.of(
                                          "pk",
                                          s("p"),
                                          "sk",
                                          s("s"),
                                          "n",
                                          AttributeValue.fromN(bad))))))
          .as(bad)
          .hasMessageStartingWith("The parameter cannot be converted to a numeric value: " + bad);
    }
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .updateExpression("SET b = :x + :y")
                                .expressionAttributeValues(Map.of(":x", n("1e50"), ":y", n("1"))))))
        .hasMessageStartingWith(
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
    client.putItem(
        b ->
            b.tableName(name).item(Map.of("pk", s("p"), "sk", s("s"), "n", n("+3"), "m", n(".5"))));
  }

  @Test
  void namesInExpressionsTagsAndIndexUpdatesInDynamoDbsWords() {
    String name = createTable("Names", false);
    Map<String, AttributeValue> key = Map.of("pk", s("k"));
    String tooLong = "x".repeat(65_536);
    for (String bad : List.of("", tooLong)) {
      String expected =
          bad.isEmpty()
              ? "Empty attribute name"
              : "Attribute name is too large, must be less than 65536 bytes";
      assertThat(
              validation(
                  () ->
                      client.getItem(
                          b ->
                              b.tableName(name)
                                  .key(key)
                                  .projectionExpression("#n")
                                  .expressionAttributeNames(Map.of("#n", bad)))))
          .hasMessageContaining(expected);
      assertThat(
              validation(
                  () -> client.getItem(b -> b.tableName(name).key(key).attributesToGet(bad))))
          .hasMessageContaining(expected);
      assertThat(
              validation(
                  () ->
                      client.updateItem(
                          b ->
                              b.tableName(name)
                                  .key(key)
                                  .updateExpression("SET a = :v")
                                  .conditionExpression("#n = :v")
                                  .expressionAttributeNames(Map.of("#n", bad))
                                  .expressionAttributeValues(Map.of(":v", n("1"))))))
          .hasMessageContaining(expected);
    }
    String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
    assertThat(
            validation(
                () ->
                    client.tagResource(
                        b -> b.resourceArn("I_do_not_exist").tags(t -> t.key("a").value("b")))))
        .hasMessageStartingWith("ARNs must start with 'arn:': I_do_not_exist");
    assertThat(validation(() -> client.listTagsOfResource(b -> b.resourceArn(arn + "/index/gsi"))))
        .hasMessageStartingWith(
            "Invalid TableArn: Invalid ResourceArn provided as input " + arn + "/index/gsi");
    String tagged = table("Tagged");
    assertThat(
            validation(
                () ->
                    client.createTable(
                        b ->
                            b.tableName(tagged)
                                .billingMode(BillingMode.PAY_PER_REQUEST)
                                .keySchema(key("pk", KeyType.HASH))
                                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                                .tags(
                                    IntStream.range(0, 51)
                                        .mapToObj(
                                            i -> Tag.builder().key("k" + i).value("v").build())
                                        .toList()))))
        .hasMessageContaining("The number of tags exceeds the limit of 50");
    assertThat(client.listTables().tableNames()).doesNotContain(tagged); // no table was created
    String withGsi = table("GsiTypes");
    client.createTable(
        b ->
            b.tableName(withGsi)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("p", KeyType.HASH))
                .attributeDefinitions(
                    attr("p", ScalarAttributeType.S), attr("xyz", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("index1")
                            .keySchema(key("xyz", KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
    assertThat(
            validation(
                () ->
                    client.updateTable(
                        b ->
                            b.tableName(withGsi)
                                .attributeDefinitions(attr("xyz", ScalarAttributeType.N))
                                .globalSecondaryIndexUpdates(
                                    u ->
                                        u.create(
                                            c ->
                                                c.indexName("index2")
                                                    .keySchema(key("xyz", KeyType.HASH))
                                                    .projection(
                                                        p ->
                                                            p.projectionType(
                                                                ProjectionType.ALL)))))))
        .hasMessageStartingWith(
            "One or more parameter values were invalid: Attributes cannot be redefined. Please"
                + " check that your attribute has the same type as previously defined. Existing schema:"
                + " Schema:[SchemaElement: key{xyz:S:HASH}] New schema: Schema:[SchemaElement: key{xyz:N:HASH}]");
    assertThat(
            validation(
                () ->
                    client.updateTable(
                        b ->
                            b.tableName(withGsi)
                                .globalSecondaryIndexUpdates(
                                    u ->
                                        u.create(
                                                c ->
                                                    c.indexName("i3")
                                                        .keySchema(key("xyz", KeyType.HASH))
                                                        .projection(
                                                            p ->
                                                                p.projectionType(
                                                                    ProjectionType.ALL)))
                                            .delete(d -> d.indexName("index1"))))))
        .hasMessageContaining("Only one of GlobalSecondaryIndexUpdate.Update");
  }

  @Test
  void legacyExpectedAndConditionFunctionsBehaveAsInDynamoDb() {
    String name = createTable("Expect", false);
    Map<String, AttributeValue> key = Map.of("pk", s("k"));
    client.putItem(
        b ->
            b.tableName(name)
                .item(
                    Map.of(
                        "pk",
                        s("k"),
                        "a",
                        s("hello"),
                        "l",
                        AttributeValue.fromL(List.of(n("1"))))));
    Map<String, AttributeValueUpdate> set =
        Map.of("z", AttributeValueUpdate.builder().value(n("1")).build());
    // NOT_CONTAINS on a missing attribute is false, like CONTAINS
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(name)
                            .key(key)
                            .attributeUpdates(set)
                            .expected(
                                Map.of("q", expected(ComparisonOperator.NOT_CONTAINS, n("1"))))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    client.updateItem(
        b ->
            b.tableName(name)
                .key(key)
                .attributeUpdates(set)
                .expected(Map.of("a", expected(ComparisonOperator.NOT_CONTAINS, s("dog")))));
    // a comparison's one value may come as Value, not with an AttributeValueList too
    client.updateItem(
        b ->
            b.tableName(name)
                .key(key)
                .attributeUpdates(set)
                .expected(
                    Map.of(
                        "a",
                        ExpectedAttributeValue.builder()
                            .comparisonOperator(ComparisonOperator.EQ)
                            .value(s("hello"))
                            .build())));
    assertThat(
            validation(
                () ->
                    client.updateItem(
                        b ->
                            b.tableName(name)
                                .key(key)
                                .attributeUpdates(set)
                                .expected(
                                    Map.of(
                                        "a",
                                        ExpectedAttributeValue.builder()
                                            .comparisonOperator(ComparisonOperator.EQ)
                                            .value(s("hello"))
                                            .attributeValueList(s("hello"))
                                            .build())))))
        .hasMessageStartingWith(
            "One or more parameter values were invalid: Value and AttributeValueList cannot be"
                + " used together for Attribute: a");
    // attribute_type() of a value is answered at once; a path as the type is refused
    client.updateItem(
        b ->
            b.tableName(name)
                .key(key)
                .updateExpression("SET c = :v")
                .conditionExpression("attribute_type(:v, :t)")
                .expressionAttributeValues(Map.of(":v", n("0"), ":t", s("N"))));
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(name)
                            .key(key)
                            .updateExpression("SET c = :v")
                            .conditionExpression("attribute_type(:v, :t)")
                            .expressionAttributeValues(Map.of(":v", n("0"), ":t", s("S")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(
            validation(
                () -> client.scan(b -> b.tableName(name).filterExpression("attribute_type(a, l)"))))
        .hasMessageStartingWith("Invalid FilterExpression:")
        .hasMessageContaining("attribute_type");
    assertThat(
            validation(
                () ->
                    client.getItem(
                        b -> b.tableName(name).key(key).projectionExpression("l[99999999999999]"))))
        .hasMessageStartingWith(
            "Invalid ProjectionExpression: List index is not within the allowable range;"
                + " index: [99999999999999]");
  }

  @Test
  void globalIndexesRefuseAttributesTheyDoNotProject() {
    String name = table("GsiProj");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("p", KeyType.HASH))
                .attributeDefinitions(
                    attr("p", ScalarAttributeType.S), attr("x", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("hello")
                            .keySchema(key("x", KeyType.HASH))
                            .projection(
                                p ->
                                    p.projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes("a"))));
    client.putItem(
        b -> b.tableName(name).item(Map.of("p", s("1"), "x", s("x"), "a", s("a"), "b", s("b"))));
    var q =
        QueryRequest.builder()
            .tableName(name)
            .indexName("hello")
            .keyConditionExpression("x = :x")
            .expressionAttributeValues(Map.of(":x", s("x")));
    assertThat(client.query(q.copy().projectionExpression("a, p").build()).items())
        .containsExactly(Map.of("a", s("a"), "p", s("1")));
    assertThat(validation(() -> client.query(q.copy().projectionExpression("a, b").build())))
        .hasMessageStartingWith(
            "One or more parameter values were invalid: Global secondary index hello does not"
                + " project [b]");
    assertThat(
            validation(
                () -> client.scan(b -> b.tableName(name).indexName("hello").attributesToGet("b"))))
        .hasMessageContaining("does not project [b]");
    assertThat(validation(() -> client.query(q.copy().filterExpression("b = :x").build())))
        .hasMessageStartingWith(
            "One or more parameter values were invalid: Secondary index hello does not project"
                + " one or more filter attributes: [b]");
  }

  @Test
  void protocolDetailsAsDynamoDbAnswers() throws Exception {
    String name = createTable("Proto", false);
    // a transaction carries at most 4 MB
    String big = "x".repeat(100_000);
    List<TransactWriteItem> puts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String k = "k" + i;
      puts.add(
          TransactWriteItem.builder()
              .put(p -> p.tableName(name).item(Map.of("pk", s(k), "x", s(big))))
              .build());
    }
    assertThat(validation(() -> client.transactWriteItems(b -> b.transactItems(puts))))
        .hasMessageStartingWith("Transaction payload size cannot exceed 4 MB");
    // a new GSI's key attributes are defined in the request, even table keys
    assertThat(
            validation(
                () ->
                    client.updateTable(
                        b ->
                            b.tableName(name)
                                .globalSecondaryIndexUpdates(
                                    u ->
                                        u.create(
                                            c ->
                                                c.indexName("byPk")
                                                    .keySchema(key("pk", KeyType.HASH))
                                                    .projection(
                                                        p ->
                                                            p.projectionType(
                                                                ProjectionType.ALL)))))))
        .hasMessageContaining("AttributeDefinitions");
    String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
    try (RawHttp http = new RawHttp(server.port(), 10_000)) {
      RawHttp.Response broken = http.post("DynamoDB_20120810.PutItem", "{broken json");
      assertThat(broken.status()).isEqualTo(400);
      assertThat(broken.text()).contains("SerializationException").doesNotContain("message");
      RawHttp.Response tagged =
          http.post(
              "DynamoDB_20120810.TagResource",
              "{\"ResourceArn\":\"" + arn + "\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}");
      assertThat(tagged.status()).isEqualTo(200);
      assertThat(tagged.body()).isEmpty();
      RawHttp.Response untagged =
          http.post(
              "DynamoDB_20120810.UntagResource",
              "{\"ResourceArn\":\"" + arn + "\",\"TagKeys\":[\"k\"]}");
      assertThat(untagged.body()).isEmpty();
    }
    assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags()).isEmpty();
  }

  @Test
  void emptyAttributeNamesAreRefusedInDynamoDbsOrder() {
    String name = createTable("EmptyName", false);
    AttributeValue deep = s("leaf");
    for (int i = 0; i < 40; i++) {
      deep = AttributeValue.fromM(Map.of("n", deep));
    }
    AttributeValue tooDeep = deep;
    // a top-level empty name is reported ahead of a value nested too deep
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(Map.of("pk", s("a"), "", s("x"), "d", tooDeep)))))
        .hasMessageStartingWith("Empty attribute name");
    // an empty name inside a map comes after the depth check
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(
                                    Map.of(
                                        "pk",
                                        s("a"),
                                        "m",
                                        AttributeValue.fromM(Map.of("", s("x"))),
                                        "d",
                                        tooDeep)))))
        .hasMessageStartingWith("Nesting Levels have exceeded supported limits");
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(
                                    Map.of(
                                        "pk",
                                        s("a"),
                                        "m",
                                        AttributeValue.fromM(Map.of("", s("x"))))))))
        .hasMessageStartingWith("Empty attribute name");
  }

  @Test
  void transactionsCancelOnTheFirstMistypedKeyButRefuseEmptyOnes() {
    String name = createTable("Txn", false);
    var put =
        TransactWriteItem.builder().put(p -> p.tableName(name).item(Map.of("pk", n("5")))).build();
    var fine =
        TransactWriteItem.builder().put(p -> p.tableName(name).item(Map.of("pk", s("ok")))).build();
    var update =
        TransactWriteItem.builder()
            .update(
                u ->
                    u.tableName(name)
                        .key(Map.of("pk", AttributeValue.fromL(List.of(s("x")))))
                        .updateExpression("SET a = :v")
                        .expressionAttributeValues(Map.of(":v", s("x"))))
            .build();
    assertThatThrownBy(() -> client.transactWriteItems(b -> b.transactItems(fine, put, update)))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.cancellationReasons())
                  .extracting(r -> r.code())
                  .containsExactly(
                      "None", "ValidationError", "None"); // DynamoDB stops at the first
              assertThat(e.cancellationReasons().get(1).message())
                  .isEqualTo(
                      "One or more parameter values were invalid: Type mismatch for key pk expected: S actual: N");
              assertThat(e.cancellationReasons().get(2).message()).isNull();
            });
    assertThat(client.getItem(b -> b.tableName(name).key(Map.of("pk", s("ok")))).hasItem())
        .isFalse();
    var empty =
        TransactWriteItem.builder().put(p -> p.tableName(name).item(Map.of("pk", s("")))).build();
    assertThat(validation(() -> client.transactWriteItems(b -> b.transactItems(empty))))
        .hasMessageStartingWith(
            "One or more parameter values are not valid. The AttributeValue for a key"
                + " attribute cannot contain an empty string value. Key: pk");
  }

  @Test
  void namesAndValuesNeedAnExpressionAndSetsTheirOwnWords() {
    String name = createTable("NoExpr", false);
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(Map.of("pk", s("a")))
                                .expressionAttributeValues(Map.of(":v", s("x"))))))
        .hasMessageStartingWith(
            "1 validation error detected: ExpressionAttributeValues can only be specified when using expressions");
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(Map.of("pk", s("a")))
                                .expressionAttributeNames(Map.of("#a", "a")))))
        .hasMessageStartingWith(
            "1 validation error detected: ExpressionAttributeNames can only be specified when using expressions");
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(Map.of("pk", s("a")))
                                .conditionExpression("attribute_not_exists(#n)")
                                .expressionAttributeNames(Map.of("name", "n")))))
        .hasMessageStartingWith(
            "1 validation error detected: ExpressionAttributeNames contains invalid key:"
                + " Syntax error; key: \"name\"");
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(Map.of("pk", s("a")))
                                .conditionExpression("a = :v")
                                .expressionAttributeValues(Map.of(":v-1", s("x"))))))
        .hasMessageStartingWith(
            "1 validation error detected: ExpressionAttributeValues contains invalid key:"
                + " Syntax error; key: \":v-1\"");
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(
                                    Map.of("pk", s("a"), "bs", AttributeValue.fromBs(List.of()))))))
        .hasMessageStartingWith(
            "One or more parameter values were invalid: Binary sets should not be empty");
    var one = SdkBytes.fromUtf8String("x");
    assertThat(
            validation(
                () ->
                    client.putItem(
                        b ->
                            b.tableName(name)
                                .item(
                                    Map.of(
                                        "pk",
                                        s("a"),
                                        "bs",
                                        AttributeValue.fromBs(List.of(one, one)))))))
        .hasMessageContaining("One or more parameter values were invalid: Input collection")
        .hasMessageContaining("of type BS contains duplicates");
  }

  @Test
  void malformedValuesAreSerializationExceptions() throws Exception {
    String name = createTable("Serial", false);
    try (RawHttp http = new RawHttp(server.port(), 10_000)) {
      for (String value : List.of("{\"B\":\"YWJjZGVmZ2g\"}", "{\"B\":\"YWJj??!!\"}", "{\"N\":5}")) {
        RawHttp.Response r =
            http.post(
                "DynamoDB_20120810.PutItem",
                "{\"TableName\":\""
                    + name
                    + "\",\"Item\":{\"pk\":{\"S\":\"k\"},\"v\":"
                    + value
                    + "}}");
        assertThat(r.status()).as(value).isEqualTo(400);
        assertThat(r.text()).as(value).contains("SerializationException");
      }
      RawHttp.Response ok =
          http.post(
              "DynamoDB_20120810.PutItem",
              "{\"TableName\":\""
                  + name
                  + "\",\"Item\":{\"pk\":{\"S\":\"k\"},\"v\":{\"B\":\"YWJjZGVmZ2g=\"}}}");
      assertThat(ok.status()).as(ok.text()).isEqualTo(200);
    }
    assertThatThrownBy(
            () -> client.getItem(b -> b.tableName("nope-" + name).key(Map.of("pk", s("k")))))
        .isInstanceOf(DynamoDbException.class);
  }
}

package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/** PutItem, GetItem, UpdateItem, DeleteItem through the SDK, with their errors. */
class ItemOperationsWireIT extends WireTestBase {

  @Test
  void shouldPutGetUpdateDeleteWithReturnValues() {
    String t = createTable("Items", false);
    Map<String, AttributeValue> item =
        Map.of(
            "pk",
            s("u1"),
            "name",
            s("Alice"),
            "age",
            n("30"),
            "tags",
            AttributeValue.fromSs(List.of("a", "b")),
            "nested",
            AttributeValue.fromM(
                Map.of(
                    "l",
                    AttributeValue.fromL(
                        List.of(
                            n("1"), AttributeValue.fromBool(true), AttributeValue.fromNul(true))))),
            "bin",
            AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
    var put =
        client.putItem(
            b -> b.tableName(t).item(item).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertThat(put.attributes()).isEmpty();
    assertThat(put.consumedCapacity().tableName()).isEqualTo(t);
    assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(1.0);

    var get = client.getItem(b -> b.tableName(t).key(Map.of("pk", s("u1"))).consistentRead(true));
    assertThat(get.item()).isEqualTo(item);
    var projected =
        client.getItem(
            b ->
                b.tableName(t)
                    .key(Map.of("pk", s("u1")))
                    .projectionExpression("#n, nested.l[0]")
                    .expressionAttributeNames(Map.of("#n", "name")));
    assertThat(projected.item())
        .isEqualTo(
            Map.of(
                "name",
                s("Alice"),
                "nested",
                AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(n("1")))))));

    var updated =
        client.updateItem(
            b ->
                b.tableName(t)
                    .key(Map.of("pk", s("u1")))
                    .updateExpression("SET age = age + :one, #c = :c REMOVE tags")
                    .expressionAttributeNames(Map.of("#c", "city"))
                    .expressionAttributeValues(Map.of(":one", n("1"), ":c", s("Paris")))
                    .returnValues(ReturnValue.UPDATED_NEW));
    assertThat(updated.attributes()).isEqualTo(Map.of("age", n("31"), "city", s("Paris")));

    var old =
        client.putItem(
            b ->
                b.tableName(t)
                    .item(Map.of("pk", s("u1"), "v", n("2")))
                    .returnValues(ReturnValue.ALL_OLD));
    assertThat(old.attributes()).containsEntry("age", n("31")).containsEntry("city", s("Paris"));

    var deleted =
        client.deleteItem(
            b -> b.tableName(t).key(Map.of("pk", s("u1"))).returnValues(ReturnValue.ALL_OLD));
    assertThat(deleted.attributes()).isEqualTo(Map.of("pk", s("u1"), "v", n("2")));
    assertThat(client.getItem(b -> b.tableName(t).key(Map.of("pk", s("u1")))).hasItem()).isFalse();
  }

  @Test
  void shouldReturnTheItemOnConditionalCheckFailureWhenAsked() {
    String t = createTable("Cond", false);
    client.putItem(b -> b.tableName(t).item(Map.of("pk", s("k"), "version", n("1"))));
    assertThatThrownBy(
            () ->
                client.putItem(
                    b ->
                        b.tableName(t)
                            .item(Map.of("pk", s("k"), "version", n("2")))
                            .conditionExpression("version = :v")
                            .expressionAttributeValues(Map.of(":v", n("5")))
                            .returnValuesOnConditionCheckFailure(
                                ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The conditional request failed");
              assertThat(e.item()).isEqualTo(Map.of("pk", s("k"), "version", n("1")));
            });
    assertThatThrownBy(
            () ->
                client.deleteItem(
                    b ->
                        b.tableName(t)
                            .key(Map.of("pk", s("k")))
                            .conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class, e -> assertThat(e.hasItem()).isFalse());
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(t)
                            .key(Map.of("pk", s("k")))
                            .updateExpression("SET version = :n")
                            .conditionExpression("version = :v")
                            .expressionAttributeValues(Map.of(":n", n("3"), ":v", n("2")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(client.getItem(b -> b.tableName(t).key(Map.of("pk", s("k")))).item())
        .containsEntry("version", n("1"));
  }

  @Test
  void shouldAnswerValidationErrorsInDynamoDbsWords() {
    String t = createTable("Valid", false);
    assertThatThrownBy(() -> client.putItem(b -> b.tableName(t).item(Map.of("other", s("x")))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage()).contains("Missing the key pk");
            });
    assertThatThrownBy(() -> client.getItem(b -> b.key(Map.of("pk", s("x")))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "1 validation error detected: Value null at 'tableName' failed to satisfy"
                            + " constraint: Member must not be null"));
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(t)
                            .key(Map.of("pk", s("x")))
                            .updateExpression("SET a = :undefined")))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThatThrownBy(
            () -> client.putItem(b -> b.tableName("NoSuchTable").item(Map.of("pk", s("x")))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldServeLegacyParametersAsOlderMappersSendThem() {
    String t = createTable("Legacy", true);
    client.putItem(
        b -> b.tableName(t).item(Map.of("pk", s("k"), "sk", s("1"), "a", n("1"), "b", n("2"))));
    client.putItem(b -> b.tableName(t).item(Map.of("pk", s("k"), "sk", s("2"), "a", n("5"))));
    assertThat(
            client
                .getItem(
                    b ->
                        b.tableName(t).key(Map.of("pk", s("k"), "sk", s("1"))).attributesToGet("a"))
                .item())
        .isEqualTo(Map.of("a", n("1")));
    assertThatThrownBy(
            () ->
                client.putItem(
                    b ->
                        b.tableName(t)
                            .item(Map.of("pk", s("k"), "sk", s("1")))
                            .expected(
                                Map.of(
                                    "a", ExpectedAttributeValue.builder().exists(false).build()))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    client.updateItem(
        b ->
            b.tableName(t)
                .key(Map.of("pk", s("k"), "sk", s("1")))
                .attributeUpdates(
                    Map.of(
                        "a",
                        AttributeValueUpdate.builder()
                            .action(AttributeAction.ADD)
                            .value(n("10"))
                            .build(),
                        "b",
                        AttributeValueUpdate.builder().action(AttributeAction.DELETE).build()))
                .expected(Map.of("a", ExpectedAttributeValue.builder().value(n("1")).build())));
    assertThat(client.getItem(b -> b.tableName(t).key(Map.of("pk", s("k"), "sk", s("1")))).item())
        .isEqualTo(Map.of("pk", s("k"), "sk", s("1"), "a", n("11")));
    var q =
        client.query(
            b ->
                b.tableName(t)
                    .keyConditions(
                        Map.of(
                            "pk",
                            Condition.builder()
                                .comparisonOperator(ComparisonOperator.EQ)
                                .attributeValueList(s("k"))
                                .build(),
                            "sk",
                            Condition.builder()
                                .comparisonOperator(ComparisonOperator.GE)
                                .attributeValueList(s("1"))
                                .build()))
                    .queryFilter(
                        Map.of(
                            "a",
                            Condition.builder()
                                .comparisonOperator(ComparisonOperator.LT)
                                .attributeValueList(n("10"))
                                .build())));
    assertThat(q.items()).extracting(i -> i.get("sk").s()).containsExactly("2");
    var scan =
        client.scan(
            b ->
                b.tableName(t)
                    .scanFilter(
                        Map.of(
                            "a",
                            Condition.builder()
                                .comparisonOperator(ComparisonOperator.BETWEEN)
                                .attributeValueList(n("4"), n("12"))
                                .build())));
    assertThat(scan.count()).isEqualTo(2);
    // AttributeUpdates: ADD of a list appends; a value of another type is DynamoDB's legacy
    // wording;
    // a set DELETE on a missing item creates nothing
    client.updateItem(
        b ->
            b.tableName(t)
                .key(Map.of("pk", s("k"), "sk", s("3")))
                .attributeUpdates(
                    Map.of(
                        "l",
                        AttributeValueUpdate.builder()
                            .action(AttributeAction.ADD)
                            .value(AttributeValue.fromL(List.of(n("1"), s("x"))))
                            .build())));
    client.updateItem(
        b ->
            b.tableName(t)
                .key(Map.of("pk", s("k"), "sk", s("3")))
                .attributeUpdates(
                    Map.of(
                        "l",
                        AttributeValueUpdate.builder()
                            .action(AttributeAction.ADD)
                            .value(AttributeValue.fromL(List.of(n("2"))))
                            .build())));
    assertThat(
            client
                .getItem(b -> b.tableName(t).key(Map.of("pk", s("k"), "sk", s("3"))))
                .item()
                .get("l")
                .l())
        .containsExactly(n("1"), s("x"), n("2"));
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(t)
                            .key(Map.of("pk", s("k"), "sk", s("3")))
                            .attributeUpdates(
                                Map.of(
                                    "l",
                                    AttributeValueUpdate.builder()
                                        .action(AttributeAction.ADD)
                                        .value(n("2"))
                                        .build()))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Type mismatch for attribute to update"));
    client.updateItem(
        b ->
            b.tableName(t)
                .key(Map.of("pk", s("k"), "sk", s("none")))
                .attributeUpdates(
                    Map.of(
                        "ss",
                        AttributeValueUpdate.builder()
                            .action(AttributeAction.DELETE)
                            .value(AttributeValue.fromSs(List.of("a")))
                            .build())));
    assertThat(
            client
                .getItem(b -> b.tableName(t).key(Map.of("pk", s("k"), "sk", s("none"))))
                .hasItem())
        .isFalse();
    // KeyConditions with a FilterExpression is allowed, as in DynamoDB; with QueryFilter and a
    // ProjectionExpression it is not
    assertThat(
            client
                .query(
                    b ->
                        b.tableName(t)
                            .keyConditions(
                                Map.of(
                                    "pk",
                                    Condition.builder()
                                        .comparisonOperator(ComparisonOperator.EQ)
                                        .attributeValueList(s("k"))
                                        .build()))
                            .filterExpression("a > :a")
                            .expressionAttributeValues(Map.of(":a", n("9"))))
                .items())
        .extracting(i -> i.get("a").n())
        .containsExactly("11");
    assertThatThrownBy(
            () ->
                client.query(
                    b ->
                        b.tableName(t)
                            .keyConditions(
                                Map.of(
                                    "pk",
                                    Condition.builder()
                                        .comparisonOperator(ComparisonOperator.EQ)
                                        .attributeValueList(s("k"))
                                        .build()))
                            .queryFilter(
                                Map.of(
                                    "a",
                                    Condition.builder()
                                        .comparisonOperator(ComparisonOperator.NOT_NULL)
                                        .build()))
                            .projectionExpression("a")))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "Can not use both expression and non-expression parameters in the same request:"
                            + " Non-expression parameters: {QueryFilter} Expression parameters: {ProjectionExpression}"));
  }
}

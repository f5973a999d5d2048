package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.Select;
import dev.tributary.engine.model.TransactWriteItem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecodingTest {
  private static JsonRequest parse(String json) {
    return JsonRequest.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldReportEveryViolationInDynamoDbsWords() {
    assertThatThrownBy(() -> ItemDecoder.put(parse("{\"ReturnValues\":\"SOME\"}")))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "3 validation errors detected: Value null at 'tableName' failed to satisfy constraint:"
                + " Member must not be null; Value null at 'item' failed to satisfy constraint: Member must not"
                + " be null; Value 'SOME' at 'returnValues' failed to satisfy constraint: Member must satisfy"
                + " enum value set: [NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW]");
    assertThatThrownBy(() -> ItemDecoder.get(parse("{\"TableName\":\"ab\",\"Key\":{}}")))
        .hasMessage(
            "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint:"
                + " Member must have length greater than or equal to 3");
  }

  @Test
  void shouldRejectWrongJsonTypesAsSerializationErrors() {
    assertThatThrownBy(() -> ItemDecoder.get(parse("{\"TableName\":[1]}")))
        .isInstanceOfSatisfying(
            WireException.class,
            e -> assertThat(e.errorCode()).isEqualTo("SerializationException"));
    assertThatThrownBy(
            () -> ItemDecoder.get(parse("{\"TableName\":\"abc\",\"ConsistentRead\":\"yes\"}")))
        .isInstanceOfSatisfying(
            WireException.class,
            e -> assertThat(e.errorCode()).isEqualTo("SerializationException"));
    assertThatThrownBy(() -> parse("{\"a\":"))
        .isInstanceOfSatisfying(
            WireException.class,
            e -> assertThat(e.errorCode()).isEqualTo("SerializationException"));
    assertThatThrownBy(() -> parse("[".repeat(5000)))
        .isInstanceOfSatisfying(
            WireException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));
  }

  @Test
  void shouldPassAttributeValueErrorsOnAsValidationErrors() {
    assertThatThrownBy(
            () ->
                ItemDecoder.put(
                    parse("{\"TableName\":\"abc\",\"Item\":{\"a\":{\"S\":\"x\",\"N\":\"1\"}}}")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("more than one datatypes");
    assertThatThrownBy(
            () ->
                ItemDecoder.put(
                    parse("{\"TableName\":\"abc\",\"Item\":{\"a\":{\"N\":\"1e999\"}}}")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void shouldTranslateAttributesToGetAndRejectMixingItWithAProjection() {
    GetItemRequest g =
        ItemDecoder.get(
            parse(
                "{\"TableName\":\"abc\",\"Key\":{\"k\":{\"S\":\"1\"}},\"AttributesToGet\":[\"a\",\"b.c\"]}"));
    assertThat(g.projectionExpression()).contains("#_atg0, #_atg1");
    assertThat(g.expressionAttributeNames()).isEqualTo(Map.of("#_atg0", "a", "#_atg1", "b.c"));
    assertThatThrownBy(
            () ->
                ItemDecoder.get(
                    parse(
                        "{\"TableName\":\"abc\",\"Key\":{},"
                            + "\"AttributesToGet\":[\"a\"],\"ProjectionExpression\":\"a\"}")))
        .hasMessageContaining("Can not use both expression and non-expression parameters");
  }

  @Test
  void shouldTranslateLegacyParametersIntoExpressions() {
    QueryRequest q =
        ReadDecoder.query(
            parse(
                "{\"TableName\":\"abc\",\"KeyConditions\":{"
                    + "\"k\":{\"ComparisonOperator\":\"EQ\",\"AttributeValueList\":[{\"S\":\"a\"}]},"
                    + "\"s\":{\"ComparisonOperator\":\"BETWEEN\",\"AttributeValueList\":[{\"N\":\"1\"},{\"N\":\"5\"}]}},"
                    + "\"QueryFilter\":{\"f\":{\"ComparisonOperator\":\"NOT_NULL\"},"
                    + "\"g\":{\"ComparisonOperator\":\"IN\",\"AttributeValueList\":[{\"S\":\"x\"},{\"S\":\"y\"}]}},"
                    + "\"ConditionalOperator\":\"OR\"}"));
    assertThat(q.keyConditionExpression()).isEqualTo("#_l0 = :_l0 AND #_l1 BETWEEN :_l1 AND :_l2");
    assertThat(q.filterExpression()).contains("attribute_exists(#_l2) OR #_l3 IN (:_l3, :_l4)");
    assertThat(q.expressionParameters().names())
        .containsEntry("#_l1", "s")
        .containsEntry("#_l3", "g");
    assertThat(q.expressionParameters().values()).containsEntry(":_l4", AttributeValue.s("y"));

    var u =
        ItemDecoder.update(
            parse(
                "{\"TableName\":\"abc\",\"Key\":{\"k\":{\"S\":\"1\"}},"
                    + "\"AttributeUpdates\":{\"a\":{\"Value\":{\"N\":\"1\"}},\"b\":{\"Action\":\"DELETE\"},"
                    + "\"c\":{\"Action\":\"ADD\",\"Value\":{\"N\":\"2\"}}},"
                    + "\"Expected\":{\"v\":{\"Value\":{\"N\":\"3\"}},\"w\":{\"Exists\":false}}}"));
    assertThat(u.updateExpression()).contains("SET #_l0 = :_l0 REMOVE #_l1 ADD #_l2 :_l1");
    assertThat(u.conditionExpression()).contains("#_l3 = :_l2 AND attribute_not_exists(#_l4)");
  }

  @Test
  void shouldRejectMixingLegacyParametersWithExpressions() {
    assertThatThrownBy(
            () ->
                ReadDecoder.query(
                    parse(
                        "{\"TableName\":\"abc\",\"KeyConditions\":{},"
                            + "\"QueryFilter\":{},\"KeyConditionExpression\":\"k = :k\",\"FilterExpression\":\"a = :a\"}")))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "Can not use both expression and non-expression parameters in the same request:"
                + " Non-expression parameters: {QueryFilter, KeyConditions} Expression parameters:"
                + " {FilterExpression, KeyConditionExpression}");
    // as in DynamoDB, KeyConditions may come with a FilterExpression (and its placeholders)
    QueryRequest q =
        ReadDecoder.query(
            parse(
                "{\"TableName\":\"abc\",\"KeyConditions\":{"
                    + "\"k\":{\"ComparisonOperator\":\"EQ\",\"AttributeValueList\":[{\"S\":\"a\"}]}},"
                    + "\"FilterExpression\":\"#f = :f\",\"ExpressionAttributeNames\":{\"#f\":\"f\"},"
                    + "\"ExpressionAttributeValues\":{\":f\":{\"N\":\"1\"}}}"));
    assertThat(q.keyConditionExpression()).isEqualTo("#_l0 = :_l0");
    assertThat(q.filterExpression()).contains("#f = :f");
    assertThat(q.expressionParameters().names())
        .containsEntry("#f", "f")
        .containsEntry("#_l0", "k");
    assertThat(q.expressionParameters().values()).containsKeys(":f", ":_l0");
    assertThatThrownBy(
            () ->
                ReadDecoder.query(
                    parse(
                        "{\"TableName\":\"abc\",\"KeyConditions\":{"
                            + "\"k\":{\"ComparisonOperator\":\"EQ\",\"AttributeValueList\":[{\"S\":\"a\"}]}},"
                            + "\"ExpressionAttributeNames\":{\"#f\":\"f\"}}")))
        .hasMessage(
            "1 validation error detected: ExpressionAttributeNames can only be specified when using"
                + " expressions");
    assertThatThrownBy(
            () ->
                ItemDecoder.put(
                    parse(
                        "{\"TableName\":\"abc\",\"Item\":{},"
                            + "\"Expected\":{\"a\":{\"ComparisonOperator\":\"EQ\"}}}")))
        .hasMessageContaining("Invalid number of argument(s) for the EQ ComparisonOperator");
  }

  @Test
  void shouldDecodeQueryMembers() {
    QueryRequest q =
        ReadDecoder.query(
            parse(
                "{\"TableName\":\"abc\",\"IndexName\":\"i\","
                    + "\"KeyConditionExpression\":\"#k = :v\",\"ExpressionAttributeNames\":{\"#k\":\"k\"},"
                    + "\"ExpressionAttributeValues\":{\":v\":{\"N\":\"1\"}},\"Select\":\"COUNT\",\"Limit\":7,"
                    + "\"ScanIndexForward\":false,\"ExclusiveStartKey\":{\"k\":{\"N\":\"1\"}},\"ConsistentRead\":true}"));
    assertThat(q.indexName()).contains("i");
    assertThat(q.select()).contains(Select.COUNT);
    assertThat(q.limit().getAsInt()).isEqualTo(7);
    assertThat(q.scanIndexForward()).isFalse();
    assertThat(q.consistentRead()).isTrue();
    assertThat(q.expressionParameters().values()).containsEntry(":v", AttributeValue.n(1));
    assertThatThrownBy(
            () ->
                ReadDecoder.query(
                    parse(
                        "{\"TableName\":\"abc\",\"KeyConditionExpression\":\"k = :v\","
                            + "\"ExpressionAttributeValues\":{}}")))
        .hasMessage("ExpressionAttributeValues must not be empty");
  }

  @Test
  void shouldDefaultCreateTableToProvisionedAsDynamoDbDoes() {
    CreateTableRequest c =
        ControlDecoder.createTable(
            parse(
                "{\"TableName\":\"abc\","
                    + "\"KeySchema\":[{\"AttributeName\":\"k\",\"KeyType\":\"HASH\"}],"
                    + "\"AttributeDefinitions\":[{\"AttributeName\":\"k\",\"AttributeType\":\"N\"}],"
                    + "\"ProvisionedThroughput\":{\"ReadCapacityUnits\":2,\"WriteCapacityUnits\":3}}"));
    assertThat(c.billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(c.provisionedThroughput().get().writeCapacityUnits()).isEqualTo(3);
  }

  @Test
  void shouldDecodeEveryTransactWriteKind() {
    var t =
        BatchDecoder.transactWrite(
            parse(
                "{\"TransactItems\":["
                    + "{\"Put\":{\"TableName\":\"abc\",\"Item\":{\"k\":{\"S\":\"1\"}}}},"
                    + "{\"Update\":{\"TableName\":\"abc\",\"Key\":{\"k\":{\"S\":\"2\"}},\"UpdateExpression\":\"SET a = :a\","
                    + "\"ExpressionAttributeValues\":{\":a\":{\"S\":\"x\"}},\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}},"
                    + "{\"Delete\":{\"TableName\":\"abc\",\"Key\":{\"k\":{\"S\":\"3\"}}}},"
                    + "{\"ConditionCheck\":{\"TableName\":\"abc\",\"Key\":{\"k\":{\"S\":\"4\"}},\"ConditionExpression\":\"attribute_exists(k)\"}}],"
                    + "\"ClientRequestToken\":\"t1\"}"));
    assertThat(t.transactItems())
        .hasExactlyElementsOfTypes(
            TransactWriteItem.Put.class,
            TransactWriteItem.Update.class,
            TransactWriteItem.Delete.class,
            TransactWriteItem.ConditionCheck.class);
    assertThat(t.transactItems().get(1).returnOldItemOnConditionCheckFailure()).isTrue();
    assertThat(t.clientRequestToken()).contains("t1");
    assertThatThrownBy(() -> BatchDecoder.transactWrite(parse("{\"TransactItems\":[{}]}")))
        .hasMessageContaining("one of Check, Put, Update or Delete");
  }

  @Test
  void shouldDecodeReturnValues() {
    assertThat(
            ItemDecoder.delete(
                    parse("{\"TableName\":\"abc\",\"Key\":{},\"ReturnValues\":\"ALL_OLD\"}"))
                .returnValues())
        .isEqualTo(ReturnValue.ALL_OLD);
    assertThat(
            ItemDecoder.put(
                    parse("{\"TableName\":\"abc\",\"Item\":{},\"ConditionExpression\":\"a = :a\"}"))
                .conditionExpression())
        .isEqualTo(Optional.of("a = :a"));
  }
}

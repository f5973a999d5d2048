package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem, BatchGetItem, TransactWriteItems, TransactGetItems through the SDK. */
class BatchTransactIT extends WireTestBase {

  @Test
  void shouldBatchWriteAndBatchGetAcrossTables() {
    String a = createTable("BatchA", false);
    String b = createTable("BatchB", false);
    List<WriteRequest> writes = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      writes.add(
          WriteRequest.builder()
              .putRequest(p -> p.item(Map.of("pk", s("k" + writes.size()))))
              .build());
    }
    var written =
        client.batchWriteItem(
            r ->
                r.requestItems(
                        Map.of(
                            a,
                            writes.subList(0, 15),
                            b,
                            List.of(
                                WriteRequest.builder()
                                    .putRequest(p -> p.item(Map.of("pk", s("x"), "v", n("1"))))
                                    .build())))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertThat(written.unprocessedItems()).isEmpty();
    assertThat(written.consumedCapacity())
        .extracting(c -> c.tableName())
        .containsExactlyInAnyOrder(a, b);

    client.batchWriteItem(
        r ->
            r.requestItems(
                Map.of(
                    a,
                    List.of(
                        WriteRequest.builder()
                            .deleteRequest(d -> d.key(Map.of("pk", s("k0"))))
                            .build()))));

    var got =
        client.batchGetItem(
            r ->
                r.requestItems(
                    Map.of(
                        a,
                            KeysAndAttributes.builder()
                                .keys(
                                    Map.of("pk", s("k0")),
                                    Map.of("pk", s("k1")),
                                    Map.of("pk", s("k2")))
                                .build(),
                        b,
                            KeysAndAttributes.builder()
                                .keys(Map.of("pk", s("x")))
                                .projectionExpression("v")
                                .build())));
    assertThat(got.responses().get(a))
        .extracting(i -> i.get("pk").s())
        .containsExactlyInAnyOrder("k1", "k2");
    assertThat(got.responses().get(b)).containsExactly(Map.of("v", n("1")));
    assertThat(got.unprocessedKeys()).isEmpty();
  }

  @Test
  void shouldCommitTransactionsAndReportCancellationReasons() {
    String t = createTable("Tx", false);
    client.transactWriteItems(
        r ->
            r.transactItems(
                TransactWriteItem.builder()
                    .put(p -> p.tableName(t).item(Map.of("pk", s("a"), "bal", n("10"))))
                    .build(),
                TransactWriteItem.builder()
                    .put(p -> p.tableName(t).item(Map.of("pk", s("b"), "bal", n("0"))))
                    .build()));

    assertThatThrownBy(
            () ->
                client.transactWriteItems(
                    r ->
                        r.transactItems(
                            TransactWriteItem.builder()
                                .update(
                                    u ->
                                        u.tableName(t)
                                            .key(Map.of("pk", s("b")))
                                            .updateExpression("SET bal = bal + :x")
                                            .expressionAttributeValues(Map.of(":x", n("50"))))
                                .build(),
                            TransactWriteItem.builder()
                                .update(
                                    u ->
                                        u.tableName(t)
                                            .key(Map.of("pk", s("a")))
                                            .updateExpression("SET bal = bal - :x")
                                            .conditionExpression("bal >= :x")
                                            .expressionAttributeValues(Map.of(":x", n("50")))
                                            .returnValuesOnConditionCheckFailure(
                                                ReturnValuesOnConditionCheckFailure.ALL_OLD))
                                .build())))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorMessage()).startsWith("Transaction cancelled");
              assertThat(e.cancellationReasons())
                  .extracting(CancellationReason::code)
                  .containsExactly("None", "ConditionalCheckFailed");
              assertThat(e.cancellationReasons().get(1).item())
                  .isEqualTo(Map.of("pk", s("a"), "bal", n("10")));
            });

    var got =
        client.transactGetItems(
            r ->
                r.transactItems(
                    TransactGetItem.builder()
                        .get(g -> g.tableName(t).key(Map.of("pk", s("a"))))
                        .build(),
                    TransactGetItem.builder()
                        .get(g -> g.tableName(t).key(Map.of("pk", s("missing"))))
                        .build(),
                    TransactGetItem.builder()
                        .get(
                            g ->
                                g.tableName(t)
                                    .key(Map.of("pk", s("b")))
                                    .projectionExpression("bal"))
                        .build()));
    assertThat(got.responses().get(0).item()).isEqualTo(Map.of("pk", s("a"), "bal", n("10")));
    assertThat(got.responses().get(1).hasItem()).isFalse();
    assertThat(got.responses().get(2).item())
        .isEqualTo(Map.<String, AttributeValue>of("bal", n("0")));
  }

  private static String refusal(Runnable call) {
    try {
      call.run();
    } catch (DynamoDbException e) {
      assertThat(e.awsErrorDetails().errorCode())
          .as(e.getMessage())
          .isEqualTo("ValidationException");
      return e.awsErrorDetails().errorMessage();
    }
    throw new AssertionError("expected a ValidationException");
  }

  /** The batch and transaction shape errors in the texts DynamoDB's validation answers with. */
  @Test
  void shouldRefuseMalformedBatchesAndTransactionsInDynamoDbsWords() {
    String a = createTable("BatchShapeA", false);
    String b = createTable("BatchShapeB", true);
    assertThat(refusal(() -> client.batchGetItem(r -> r.requestItems(Map.of()))))
        .isEqualTo(
            "1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: Member must"
                + " have length greater than or equal to 1");
    assertThat(
            refusal(
                () ->
                    client.batchGetItem(
                        r ->
                            r.requestItems(
                                Map.of(a, KeysAndAttributes.builder().keys(List.of()).build())))))
        .isEqualTo(
            "1 validation error detected: Value at 'RequestItems."
                + a
                + ".member.Keys' failed to satisfy"
                + " constraint: Member must have length greater than or equal to 1");
    List<Map<String, AttributeValue>> many = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      many.add(Map.of("pk", s("k" + i)));
    }
    assertThat(
            refusal(
                () ->
                    client.batchGetItem(
                        r ->
                            r.requestItems(
                                Map.of(a, KeysAndAttributes.builder().keys(many).build())))))
        .isEqualTo(
            "1 validation error detected: Value at 'RequestItems."
                + a
                + ".member.Keys' failed to satisfy"
                + " constraint: Member must have length less than or equal to 100");
    assertThat(
            refusal(
                () ->
                    client.batchGetItem(
                        r ->
                            r.requestItems(
                                Map.of(
                                    "bad!name",
                                    KeysAndAttributes.builder()
                                        .keys(Map.of("pk", s("a")))
                                        .build())))))
        .isEqualTo(
            "1 validation error detected: Value '{\"bad!name\":{\"Keys\":[{\"pk\":{\"S\":\"a\"}}]}}' at"
                + " 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have"
                + " length less than or equal to 255, Member must have length greater than or equal to 3, Member must"
                + " satisfy regular expression pattern: [a-zA-Z0-9_.-]+]");
    assertThat(
            refusal(
                () ->
                    client.batchGetItem(
                        r ->
                            r.requestItems(
                                Map.of(
                                    a,
                                        KeysAndAttributes.builder()
                                            .keys(Map.of("pk", s("a")))
                                            .projectionExpression("pk")
                                            .build(),
                                    b,
                                        KeysAndAttributes.builder()
                                            .keys(Map.of("pk", s("a"), "sk", s("b")))
                                            .attributesToGet("pk")
                                            .build())))))
        .startsWith(
            "Can not use both expression and non-expression parameters in the same request");

    assertThat(refusal(() -> client.batchWriteItem(r -> r.requestItems(Map.of()))))
        .isEqualTo(
            "1 validation error detected: Value at 'RequestItems' failed to satisfy constraint: Member must"
                + " have length greater than or equal to 1");
    List<WriteRequest> puts = new ArrayList<>();
    for (int i = 0; i < 26; i++) {
      puts.add(
          WriteRequest.builder()
              .putRequest(p -> p.item(Map.of("pk", s("w" + puts.size()))))
              .build());
    }
    assertThat(refusal(() -> client.batchWriteItem(r -> r.requestItems(Map.of(a, puts)))))
        .isEqualTo(
            "1 validation error detected: Value at 'RequestItems."
                + a
                + ".member' failed to satisfy"
                + " constraint: Member must have length less than or equal to 25");
    List<WriteRequest> more =
        List.of(
            WriteRequest.builder()
                .putRequest(p -> p.item(Map.of("pk", s("x"), "sk", s("y"))))
                .build());
    assertThat(
            refusal(
                () ->
                    client.batchWriteItem(
                        r -> r.requestItems(Map.of(a, puts.subList(0, 25), b, more)))))
        .isEqualTo("Too many items requested for the BatchWriteItem call");
    assertThat(refusal(() -> client.batchWriteItem(r -> r.requestItems(Map.of("bad!name", more)))))
        .startsWith("1 validation error detected: Value '{bad!name=[")
        .endsWith(
            "' at 'requestItems' failed to satisfy"
                + " constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 255,"
                + " Member must have length greater than or equal to 3, Member must satisfy regular expression"
                + " pattern: [a-zA-Z0-9_.-]+]");

    for (Runnable empty :
        List.<Runnable>of(
            () -> client.transactGetItems(r -> r.transactItems(List.of())),
            () -> client.transactWriteItems(r -> r.transactItems(List.of())))) {
      assertThat(refusal(empty))
          .isEqualTo(
              "1 validation error detected: Value '[]' at 'transactItems' failed to"
                  + " satisfy constraint: Member must have length greater than or equal to 1");
    }
    // a Get whose Key does not fit the schema cancels the transaction rather than failing it
    assertThatThrownBy(
            () ->
                client.transactGetItems(
                    r ->
                        r.transactItems(
                            TransactGetItem.builder()
                                .get(g -> g.tableName(a).key(Map.of("pk", s("a"))))
                                .build(),
                            TransactGetItem.builder()
                                .get(g -> g.tableName(a).key(Map.of()))
                                .build())))
        .isInstanceOfSatisfying(
            TransactionCanceledException.class,
            e -> {
              assertThat(e.cancellationReasons())
                  .extracting(CancellationReason::code)
                  .containsExactly("None", "ValidationError");
              assertThat(e.cancellationReasons().get(1).message())
                  .isEqualTo("The provided key element does not match the schema");
            });
    // an empty key value still fails the whole request
    assertThat(
            refusal(
                () ->
                    client.transactGetItems(
                        r ->
                            r.transactItems(
                                TransactGetItem.builder()
                                    .get(g -> g.tableName(a).key(Map.of("pk", s(""))))
                                    .build()))))
        .startsWith(
            "One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                + " contain an empty string value");
  }
}

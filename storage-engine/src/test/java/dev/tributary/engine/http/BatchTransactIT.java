package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
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
}

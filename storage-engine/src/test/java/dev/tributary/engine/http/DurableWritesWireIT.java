package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.EngineOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The endpoint over an engine with fsynced writes: PutItem, UpdateItem and DeleteItem are answered
 * from the engine's commit thread once durable, with their ReturnValues and errors as over any
 * other path, while many clients write at once.
 */
class DurableWritesWireIT extends WireTestBase {
  static final int CLIENTS = 16;

  @Override
  EngineOptions engineOptions() {
    return EngineOptions.builder(dir).syncWrites(true).build();
  }

  @Test
  void shouldAnswerEveryConcurrentDurableWriteAndLoseNoIncrement() throws Exception {
    String table = createTable("Durable", false);
    int perClient = 60;
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<DynamoDbClient> clients = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        DynamoDbClient db = client(false);
        clients.add(db);
        int id = c;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perClient; i++) {
                    String pk = "c" + id + "-" + i;
                    db.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk), "v", n("1"))));
                    db.updateItem(
                        b ->
                            b.tableName(table)
                                .key(Map.of("pk", s("counter")))
                                .updateExpression("ADD n :one")
                                .expressionAttributeValues(Map.of(":one", n("1"))));
                    if (i % 3 == 0) {
                      db.deleteItem(b -> b.tableName(table).key(Map.of("pk", s(pk))));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      clients.forEach(DynamoDbClient::close);
    }
    assertThat(client.getItem(b -> b.tableName(table).key(Map.of("pk", s("counter")))).item())
        .containsEntry("n", n(Integer.toString(CLIENTS * perClient)));
    int kept = 0;
    for (int c = 0; c < CLIENTS; c++) {
      for (int i = 0; i < perClient; i++) {
        String pk = "c" + c + "-" + i;
        boolean present =
            client
                .getItem(b -> b.tableName(table).key(Map.of("pk", s(pk))).consistentRead(true))
                .hasItem();
        assertThat(present).as(pk).isEqualTo(i % 3 != 0);
        kept += present ? 1 : 0;
      }
    }
    assertThat(kept).isEqualTo(CLIENTS * (perClient - perClient / 3));
  }

  @Test
  void shouldReturnValuesAndConditionFailuresOfDurableWrites() {
    String table = createTable("Returns", false);
    client.putItem(b -> b.tableName(table).item(Map.of("pk", s("a"), "v", n("1"))));
    assertThat(
            client
                .putItem(
                    b ->
                        b.tableName(table)
                            .item(Map.of("pk", s("a"), "v", n("2")))
                            .returnValues(ReturnValue.ALL_OLD))
                .attributes())
        .containsEntry("v", n("1"));
    assertThat(
            client
                .updateItem(
                    b ->
                        b.tableName(table)
                            .key(Map.of("pk", s("a")))
                            .updateExpression("SET v = v + :one")
                            .expressionAttributeValues(Map.of(":one", n("1")))
                            .returnValues(ReturnValue.UPDATED_NEW))
                .attributes())
        .isEqualTo(Map.of("v", n("3")));
    assertThatThrownBy(
            () ->
                client.putItem(
                    b ->
                        b.tableName(table)
                            .item(Map.of("pk", s("a"), "v", n("9")))
                            .conditionExpression("attribute_not_exists(pk)")))
        .isInstanceOf(ConditionalCheckFailedException.class)
        .hasMessageContaining("The conditional request failed");
    assertThat(
            client
                .deleteItem(
                    b ->
                        b.tableName(table)
                            .key(Map.of("pk", s("a")))
                            .returnValues(ReturnValue.ALL_OLD))
                .attributes())
        .containsEntry("v", n("3"));
    assertThat(client.getItem(b -> b.tableName(table).key(Map.of("pk", s("a")))).hasItem())
        .isFalse();
  }
}

package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB's size limits on names, keys and HTTP requests, through the SDK v2 and raw HTTP. */
class LimitsIT extends WireTestBase {

  @Test
  void keyAttributeNamesAreLimitedTo255Bytes() {
    String ok = "k".repeat(255);
    String name = table("Limits");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(ok, KeyType.HASH))
                .attributeDefinitions(attr(ok, ScalarAttributeType.S)));
    client.putItem(b -> b.tableName(name).item(Map.of(ok, s("v"))));
    assertThat(client.getItem(b -> b.tableName(name).key(Map.of(ok, s("v")))).item())
        .containsKey(ok);

    String tooLong = "k".repeat(256);
    assertThatThrownBy(
            () ->
                client.createTable(
                    b ->
                        b.tableName(table("Limits"))
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .keySchema(key(tooLong, KeyType.HASH))
                            .attributeDefinitions(attr(tooLong, ScalarAttributeType.S))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Member must have length less than or equal to 255")
        .satisfies(
            e ->
                assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException"));
    assertThatThrownBy(
            () ->
                client.createTable(
                    b ->
                        b.tableName(table("Limits"))
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .keySchema(key("pk", KeyType.HASH))
                            .attributeDefinitions(
                                attr("pk", ScalarAttributeType.S),
                                attr(tooLong, ScalarAttributeType.S))
                            .globalSecondaryIndexes(
                                g ->
                                    g.indexName("gsi")
                                        .keySchema(key(tooLong, KeyType.HASH))
                                        .projection(p -> p.projectionType(ProjectionType.ALL)))))
        .hasMessageContaining("255");
  }

  @Test
  void gsiKeysAreLimitedLikeTableKeys() {
    String name = gsiTable();
    client.putItem(
        b ->
            b.tableName(name)
                .item(Map.of("pk", s("a"), "gp", s("x".repeat(2048)), "gs", s("y".repeat(1024)))));
    assertThatThrownBy(
            () ->
                client.putItem(
                    b -> b.tableName(name).item(Map.of("pk", s("b"), "gp", s("x".repeat(2049))))))
        .hasMessageContaining("Size of hashkey has exceeded the maximum size limit of2048 bytes");
    assertThatThrownBy(
            () ->
                client.putItem(
                    b ->
                        b.tableName(name)
                            .item(Map.of("pk", s("c"), "gp", s("x"), "gs", s("y".repeat(1025))))))
        .hasMessageContaining(
            "Aggregated size of all range keys has exceeded the size limit of 1024 bytes");
    assertThatThrownBy(
            () ->
                client.updateItem(
                    b ->
                        b.tableName(name)
                            .key(Map.of("pk", s("a")))
                            .updateExpression("SET gs = :v")
                            .expressionAttributeValues(Map.of(":v", s("y".repeat(1025))))))
        .hasMessageContaining("1024 bytes");
    assertThat(
            client
                .query(
                    b ->
                        b.tableName(name)
                            .indexName("gsi")
                            .keyConditionExpression("gp = :p")
                            .expressionAttributeValues(Map.of(":p", s("x".repeat(2048)))))
                .count())
        .isEqualTo(1);
  }

  @Test
  void backfillSkipsItemsWhoseIndexKeyCannotBeIndexed() throws InterruptedException {
    String name = createTable("Backfill", false);
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("good"), "g", s("x"))));
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("number"), "g", n("1"))));
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("empty"), "g", s(""))));
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("long"), "g", s("x".repeat(2049)))));
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("missing"))));
    client.updateTable(
        b ->
            b.tableName(name)
                .attributeDefinitions(attr("g", ScalarAttributeType.S))
                .globalSecondaryIndexUpdates(
                    u ->
                        u.create(
                            c ->
                                c.indexName("byG")
                                    .keySchema(key("g", KeyType.HASH))
                                    .projection(p -> p.projectionType(ProjectionType.ALL)))));
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (client
            .describeTable(b -> b.tableName(name))
            .table()
            .globalSecondaryIndexes()
            .get(0)
            .indexStatus()
        != IndexStatus.ACTIVE) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(50);
    }
    List<Map<String, AttributeValue>> indexed =
        client.scan(b -> b.tableName(name).indexName("byG")).items();
    assertThat(indexed).extracting(i -> i.get("pk").s()).containsExactly("good");
  }

  @Test
  void emptyStringsAreLegalOutsideKeys() {
    String name = createTable("Empty", false);
    client.putItem(
        b ->
            b.tableName(name)
                .item(Map.of("pk", s("a"), "e", s(""), "l", AttributeValue.fromL(List.of(s(""))))));
    assertThat(client.getItem(b -> b.tableName(name).key(Map.of("pk", s("a")))).item())
        .containsEntry("e", s(""));
  }

  @Test
  void oversizedRequestLinesAndHeadersAreClientErrors() throws Exception {
    try (RawHttp http = new RawHttp(server.port(), 10_000)) {
      http.send(
          ("POST /"
                  + "x".repeat(17 * 1024)
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      int status = http.read().status();
      assertThat(status).isBetween(400, 499);
    }
    try (RawHttp http = new RawHttp(server.port(), 10_000)) {
      http.send(
          ("POST / HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                  + "y".repeat(17 * 1024)
                  + "\r\nContent-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(http.read().status()).isBetween(400, 499);
    }
  }

  private String gsiTable() {
    String name = table("Gsi");
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(
                    attr("pk", ScalarAttributeType.S),
                    attr("gp", ScalarAttributeType.S),
                    attr("gs", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    g ->
                        g.indexName("gsi")
                            .keySchema(key("gp", KeyType.HASH), key("gs", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))));
    return name;
  }
}

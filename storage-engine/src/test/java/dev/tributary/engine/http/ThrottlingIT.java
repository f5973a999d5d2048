package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * A PROVISIONED table's throttling reaches the SDK as ProvisionedThroughputExceededException; an
 * on-demand table's beyond its OnDemandThroughput maximum as ThrottlingException.
 */
class ThrottlingIT extends WireTestBase {

  @Test
  void shouldSurfaceThrottlingAsProvisionedThroughputExceeded() {
    String t = table("Throttled");
    client.createTable(
        b ->
            b.tableName(t)
                .billingMode(BillingMode.PROVISIONED)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)));
    String big = "x".repeat(350 * 1024); // 350 WCU per put: burst credits (300 s of 1 WCU) run out
    try (DynamoDbClient noRetries = client(false)) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 10; i++) {
                  int k = i;
                  noRetries.putItem(
                      b -> b.tableName(t).item(Map.of("pk", s("k" + k), "blob", s(big))));
                }
              })
          .isInstanceOfSatisfying(
              ProvisionedThroughputExceededException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("ProvisionedThroughputExceededException");
              });
    }
  }

  @Test
  void shouldThrottleOnDemandTablesBeyondTheirMaximum() {
    String t = table("OnDemandMax");
    client.createTable(
        b ->
            b.tableName(t)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                .onDemandThroughput(o -> o.maxReadRequestUnits(5L).maxWriteRequestUnits(5L)));
    String big = "x".repeat(40 * 1024); // 40 WCU to write, 10 RCU to read consistently
    try (DynamoDbClient noRetries = client(false)) {
      // admitted with credit left, charged in full: the balance is now 35 units below zero
      noRetries.putItem(b -> b.tableName(t).item(Map.of("pk", s("a"), "blob", s(big))));
      assertThatThrownBy(() -> noRetries.putItem(b -> b.tableName(t).item(Map.of("pk", s("b")))))
          .isInstanceOfSatisfying(
              ThrottlingException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "Throughput exceeds the maximum OnDemandThroughput configured on table or index");
                assertThat(e.throttlingReasons())
                    .extracting(r -> r.reason())
                    .containsExactly("TableWriteMaxOnDemandThroughputExceeded");
              });
      noRetries.getItem(b -> b.tableName(t).key(Map.of("pk", s("a"))).consistentRead(true));
      assertThatThrownBy(() -> noRetries.getItem(b -> b.tableName(t).key(Map.of("pk", s("a")))))
          .isInstanceOfSatisfying(
              ThrottlingException.class,
              e ->
                  assertThat(e.throttlingReasons())
                      .extracting(r -> r.reason())
                      .containsExactly("TableReadMaxOnDemandThroughputExceeded"));
      // -1 removes the maximum: the same requests pass at once
      client.updateTable(
          b ->
              b.tableName(t)
                  .onDemandThroughput(o -> o.maxReadRequestUnits(-1L).maxWriteRequestUnits(-1L)));
      noRetries.putItem(b -> b.tableName(t).item(Map.of("pk", s("b"), "blob", s(big))));
      noRetries.putItem(b -> b.tableName(t).item(Map.of("pk", s("c"), "blob", s(big))));
      noRetries.getItem(b -> b.tableName(t).key(Map.of("pk", s("a"))).consistentRead(true));
      noRetries.getItem(b -> b.tableName(t).key(Map.of("pk", s("a"))).consistentRead(true));
    }
  }

  @Test
  void onDemandTablesWithoutAMaximumAreNotThrottled() {
    String t = table("OnDemand");
    client.createTable(
        b ->
            b.tableName(t)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)));
    String big = "x".repeat(350 * 1024);
    try (DynamoDbClient noRetries = client(false)) {
      for (int i = 0; i < 5; i++) {
        int k = i;
        noRetries.putItem(b -> b.tableName(t).item(Map.of("pk", s("k" + k), "blob", s(big))));
      }
    }
  }
}

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

/** A PROVISIONED table's throttling reaches the SDK as ProvisionedThroughputExceededException. */
class ThrottlingIT extends WireTestBase {

  @Test
  void shouldSurfaceThrottlingAsProvisionedThroughputExceeded() {
    String t = table("Throttled");
    client.createTable(b -> b.tableName(t).billingMode(BillingMode.PROVISIONED)
        .keySchema(key("pk", KeyType.HASH)).attributeDefinitions(attr("pk", ScalarAttributeType.S))
        .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L)));
    String big = "x".repeat(350 * 1024); // 350 WCU per put: burst credits (300 s of 1 WCU) run out
    try (DynamoDbClient noRetries = client(false)) {
      assertThatThrownBy(() -> {
            for (int i = 0; i < 10; i++) {
              int k = i;
              noRetries.putItem(b -> b.tableName(t).item(Map.of("pk", s("k" + k), "blob", s(big))));
            }
          })
          .isInstanceOfSatisfying(ProvisionedThroughputExceededException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.isThrottlingException()).isTrue();
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ProvisionedThroughputExceededException");
          });
    }
  }
}

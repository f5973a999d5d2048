package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProvisionedThroughput;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BillingSwitchIT {
  @TempDir Path dir;

  @Test
  void shouldRequireEveryGsisThroughputWhenSwitchingToProvisioned() {
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      engine.createTable(
          CreateTableRequest.builder("Orders")
              .partitionKey("id", ScalarAttributeType.S)
              .attribute("status", ScalarAttributeType.S)
              .globalSecondaryIndex(
                  GlobalSecondaryIndex.of(
                      "ByStatus", Projection.keysOnly(), KeySchemaElement.hash("status")))
              .build());
      assertThatThrownBy(
              () ->
                  engine.updateTable(
                      UpdateTableRequest.builder("Orders")
                          .billingMode(BillingMode.PROVISIONED)
                          .provisionedThroughput(ProvisionedThroughput.of(5, 5))
                          .build()))
          .isInstanceOf(ValidationException.class)
          .hasMessageEndingWith("ProvisionedThroughput must be specified for index: ByStatus");
      assertThat(engine.describeTable("Orders").billingMode())
          .isEqualTo(BillingMode.PAY_PER_REQUEST);

      engine.updateTable(
          UpdateTableRequest.builder("Orders")
              .billingMode(BillingMode.PROVISIONED)
              .provisionedThroughput(ProvisionedThroughput.of(5, 5))
              .updateIndex("ByStatus", ProvisionedThroughput.of(2, 3))
              .build());
      var gsi = engine.describeTable("Orders").globalSecondaryIndexes().get(0);
      assertThat(gsi.provisionedThroughput())
          .hasValueSatisfying(
              t -> {
                assertThat(t.readCapacityUnits()).isEqualTo(2);
                assertThat(t.writeCapacityUnits()).isEqualTo(3);
              });
    }
  }
}

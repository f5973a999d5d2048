package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** DeletionProtectionEnabled, OnDemandThroughput and WarmThroughput through the SDK v2. */
class TableSettingsIT extends WireTestBase {

  private static TableDescription describe(String t) {
    return client.describeTable(b -> b.tableName(t)).table();
  }

  @Test
  void shouldRefuseToDeleteAProtectedTableUntilProtectionIsDisabled() {
    String t = table("protected");
    TableDescription created =
        client
            .createTable(
                b ->
                    b.tableName(t)
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(key("pk", KeyType.HASH))
                        .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                        .deletionProtectionEnabled(true))
            .tableDescription();
    assertThat(created.deletionProtectionEnabled()).isTrue();
    assertThat(describe(t).deletionProtectionEnabled()).isTrue();
    assertThatThrownBy(() -> client.deleteTable(b -> b.tableName(t)))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Resource cannot be deleted as it is currently protected against deletion. "
                          + "Disable deletion protection first.");
            });
    assertThat(describe(t).tableName()).isEqualTo(t);
    TableDescription updated =
        client.updateTable(b -> b.tableName(t).deletionProtectionEnabled(false)).tableDescription();
    assertThat(updated.deletionProtectionEnabled()).isFalse();
    client.deleteTable(b -> b.tableName(t));
    assertThat(client.listTables().tableNames()).doesNotContain(t);
  }

  @Test
  void shouldDescribeAndValidateOnDemandAndWarmThroughput() {
    String t = table("od");
    client.createTable(
        b ->
            b.tableName(t)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(
                    attr("pk", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                .onDemandThroughput(o -> o.maxReadRequestUnits(100L).maxWriteRequestUnits(50L))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("byG")
                        .keySchema(key("g", KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .onDemandThroughput(
                            o -> o.maxReadRequestUnits(10L).maxWriteRequestUnits(-1L))
                        .build()));
    TableDescription d = describe(t);
    assertThat(d.deletionProtectionEnabled()).isFalse();
    assertThat(d.onDemandThroughput().maxReadRequestUnits()).isEqualTo(100L);
    assertThat(d.onDemandThroughput().maxWriteRequestUnits()).isEqualTo(50L);
    assertThat(d.globalSecondaryIndexes().get(0).onDemandThroughput().maxReadRequestUnits())
        .isEqualTo(10L);
    assertThat(d.globalSecondaryIndexes().get(0).onDemandThroughput().maxWriteRequestUnits())
        .isEqualTo(-1L);
    assertThat(d.warmThroughput().readUnitsPerSecond()).isEqualTo(12_000L);
    assertThat(d.warmThroughput().writeUnitsPerSecond()).isEqualTo(4_000L);
    assertThat(d.warmThroughput().statusAsString()).isEqualTo("ACTIVE");

    client.updateTable(
        b ->
            b.tableName(t)
                .onDemandThroughput(o -> o.maxReadRequestUnits(200L).maxWriteRequestUnits(60L))
                .warmThroughput(w -> w.readUnitsPerSecond(15_000L).writeUnitsPerSecond(5_000L)));
    d = describe(t);
    assertThat(d.onDemandThroughput().maxReadRequestUnits()).isEqualTo(200L);
    assertThat(d.warmThroughput().readUnitsPerSecond()).isEqualTo(15_000L);
    assertThat(d.warmThroughput().writeUnitsPerSecond()).isEqualTo(5_000L);

    assertThatThrownBy(
            () ->
                client.updateTable(
                    b ->
                        b.tableName(t)
                            .onDemandThroughput(
                                o -> o.maxReadRequestUnits(0L).maxWriteRequestUnits(5L))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThatThrownBy(
            () ->
                client.updateTable(
                    b -> b.tableName(t).warmThroughput(w -> w.readUnitsPerSecond(5L))))
        .isInstanceOfSatisfying(
            DynamoDbException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    assertThat(describe(t).onDemandThroughput().maxReadRequestUnits()).isEqualTo(200L);
    String bad = table("od-bad");
    assertThatThrownBy(
            () ->
                client.createTable(
                    b ->
                        b.tableName(bad)
                            .billingMode(BillingMode.PAY_PER_REQUEST)
                            .keySchema(key("pk", KeyType.HASH))
                            .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                            .onDemandThroughput(o -> o.maxReadRequestUnits(-5L))))
        .isInstanceOf(DynamoDbException.class);
    assertThat(client.listTables().tableNames()).doesNotContain(bad);
  }
}

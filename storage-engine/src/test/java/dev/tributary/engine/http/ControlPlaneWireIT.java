package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * CreateTable, DescribeTable, UpdateTable, DeleteTable, ListTables, TTL, tags, limits, endpoints.
 */
class ControlPlaneWireIT extends WireTestBase {

  private String createOrders() {
    String name = table("Orders");
    client.createTable(
        b ->
            b.tableName(name)
                .keySchema(key("customerId", KeyType.HASH), key("orderDate", KeyType.RANGE))
                .attributeDefinitions(
                    attr("customerId", ScalarAttributeType.S),
                    attr("orderDate", ScalarAttributeType.S),
                    attr("status", ScalarAttributeType.S),
                    attr("email", ScalarAttributeType.S))
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(
                    ProvisionedThroughput.builder()
                        .readCapacityUnits(5L)
                        .writeCapacityUnits(7L)
                        .build())
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("OrderStatusIndex")
                        .keySchema(key("status", KeyType.HASH), key("orderDate", KeyType.RANGE))
                        .projection(
                            Projection.builder()
                                .projectionType(ProjectionType.INCLUDE)
                                .nonKeyAttributes("total")
                                .build())
                        .provisionedThroughput(
                            ProvisionedThroughput.builder()
                                .readCapacityUnits(3L)
                                .writeCapacityUnits(4L)
                                .build())
                        .build())
                .localSecondaryIndexes(
                    LocalSecondaryIndex.builder()
                        .indexName("EmailIndex")
                        .keySchema(key("customerId", KeyType.HASH), key("email", KeyType.RANGE))
                        .projection(
                            Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .build())
                .streamSpecification(
                    s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .tags(Tag.builder().key("team").value("orders").build()));
    return name;
  }

  @Test
  void shouldCreateAndDescribeTableWithEveryMemberTheSdkReads() {
    String name = createOrders();
    DescribeTableResponse d = client.describeTable(b -> b.tableName(name));
    TableDescription t = d.table();
    assertThat(t.tableName()).isEqualTo(name);
    assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(t.keySchema())
        .containsExactly(key("customerId", KeyType.HASH), key("orderDate", KeyType.RANGE));
    assertThat(t.attributeDefinitions()).hasSize(4);
    assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
    assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
    assertThat(t.tableArn()).isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/" + name);
    assertThat(t.tableId()).isNotBlank();
    assertThat(t.creationDateTime())
        .isBetween(Instant.now().minusSeconds(120), Instant.now().plusSeconds(5));
    assertThat(t.itemCount()).isZero();
    assertThat(t.tableSizeBytes()).isZero();
    GlobalSecondaryIndexDescription gsi = t.globalSecondaryIndexes().get(0);
    assertThat(gsi.indexName()).isEqualTo("OrderStatusIndex");
    assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
    assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
    assertThat(gsi.projection().nonKeyAttributes()).containsExactly("total");
    assertThat(gsi.provisionedThroughput().readCapacityUnits()).isEqualTo(3L);
    assertThat(gsi.indexArn()).endsWith("/index/OrderStatusIndex");
    assertThat(t.localSecondaryIndexes().get(0).indexName()).isEqualTo("EmailIndex");
    assertThat(t.localSecondaryIndexes().get(0).projection().projectionType())
        .isEqualTo(ProjectionType.KEYS_ONLY);
    assertThat(t.streamSpecification().streamEnabled()).isTrue();
    assertThat(t.streamSpecification().streamViewType())
        .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
    assertThat(t.latestStreamArn()).startsWith(t.tableArn() + "/stream/");
    assertThat(t.latestStreamLabel()).isNotBlank();
    assertThat(client.listTagsOfResource(b -> b.resourceArn(t.tableArn())).tags())
        .containsExactly(Tag.builder().key("team").value("orders").build());
  }

  @Test
  void shouldRejectDuplicateAndMissingTables() {
    String name = createOrders();
    assertThatThrownBy(() -> createOrdersNamed(name)).isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> client.describeTable(b -> b.tableName("NoSuchTable")))
        .isInstanceOf(ResourceNotFoundException.class)
        .satisfies(e -> assertThat(((ResourceNotFoundException) e).statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> client.deleteTable(b -> b.tableName("NoSuchTable")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  private void createOrdersNamed(String name) {
    client.createTable(
        b ->
            b.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S)));
  }

  @Test
  void shouldUpdateThroughputBillingStreamAndIndexes() {
    String name = createOrders();
    TableDescription t =
        client
            .updateTable(
                b ->
                    b.tableName(name)
                        .provisionedThroughput(
                            p -> p.readCapacityUnits(10L).writeCapacityUnits(11L)))
            .tableDescription();
    assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(10L);
    t =
        client
            .updateTable(
                b ->
                    b.tableName(name)
                        .attributeDefinitions(attr("total", ScalarAttributeType.N))
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                    c ->
                                        c.indexName("ByTotal")
                                            .keySchema(key("total", KeyType.HASH))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.KEYS_ONLY))
                                            .provisionedThroughput(
                                                p ->
                                                    p.readCapacityUnits(1L)
                                                        .writeCapacityUnits(1L)))))
            .tableDescription();
    assertThat(t.globalSecondaryIndexes())
        .extracting(GlobalSecondaryIndexDescription::indexName)
        .contains("ByTotal");
    client.updateTable(
        b ->
            b.tableName(name)
                .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("ByTotal"))));
    t = client.describeTable(b -> b.tableName(name)).table();
    assertThat(t.globalSecondaryIndexes())
        .extracting(GlobalSecondaryIndexDescription::indexName)
        .doesNotContain("ByTotal");
    t =
        client
            .updateTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST))
            .tableDescription();
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  @Test
  void shouldDeleteTableAndItsTags() {
    String name = createOrders();
    String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
    TableDescription deleted = client.deleteTable(b -> b.tableName(name)).tableDescription();
    assertThat(deleted.tableName()).isEqualTo(name);
    assertThat(client.listTables().tableNames()).doesNotContain(name);
    assertThatThrownBy(() -> client.listTagsOfResource(b -> b.resourceArn(arn)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldPageThroughTablesWithTheSdkPaginator() {
    List<String> created =
        List.of(createTable("Page", false), createTable("Page", false), createTable("Page", false));
    List<String> all = client.listTablesPaginator(b -> b.limit(1)).tableNames().stream().toList();
    assertThat(all).containsAll(created);
    assertThat(all).doesNotHaveDuplicates().isSorted();
    var first = client.listTables(b -> b.limit(1));
    assertThat(first.tableNames()).hasSize(1);
    assertThat(first.lastEvaluatedTableName()).isEqualTo(first.tableNames().get(0));
  }

  @Test
  void shouldEnableAndDescribeTimeToLive() {
    String name = createTable("Ttl", false);
    assertThat(
            client
                .describeTimeToLive(b -> b.tableName(name))
                .timeToLiveDescription()
                .timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.DISABLED);
    var spec =
        client
            .updateTimeToLive(
                b ->
                    b.tableName(name)
                        .timeToLiveSpecification(s -> s.enabled(true).attributeName("expiresAt")))
            .timeToLiveSpecification();
    assertThat(spec.enabled()).isTrue();
    assertThat(spec.attributeName()).isEqualTo("expiresAt");
    var d = client.describeTimeToLive(b -> b.tableName(name)).timeToLiveDescription();
    assertThat(d.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
    assertThat(d.attributeName()).isEqualTo("expiresAt");
  }

  @Test
  void shouldTagUntagAndListTags() {
    String name = createTable("Tags", false);
    String arn = client.describeTable(b -> b.tableName(name)).table().tableArn();
    client.tagResource(
        b ->
            b.resourceArn(arn)
                .tags(
                    Tag.builder().key("a").value("1").build(),
                    Tag.builder().key("b").value("2").build()));
    client.untagResource(b -> b.resourceArn(arn).tagKeys("a"));
    assertThat(client.listTagsOfResource(b -> b.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("b").value("2").build());
    assertThatThrownBy(
            () ->
                client.tagResource(
                    b -> b.resourceArn(arn + "x").tags(Tag.builder().key("a").value("1").build())))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void shouldAnswerLimitsEndpointsAndContinuousBackups() {
    var limits = client.describeLimits(b -> {});
    assertThat(limits.tableMaxReadCapacityUnits()).isEqualTo(40000L);
    assertThat(limits.accountMaxWriteCapacityUnits()).isEqualTo(80000L);
    var endpoints = client.describeEndpoints(b -> {}).endpoints();
    assertThat(endpoints).hasSize(1);
    assertThat(endpoints.get(0).address()).endsWith(":" + server.port());
    assertThat(endpoints.get(0).cachePeriodInMinutes()).isEqualTo(1440L);
    String name = createTable("Backups", false);
    assertThat(
            client
                .describeContinuousBackups(b -> b.tableName(name))
                .continuousBackupsDescription()
                .continuousBackupsStatus())
        .isEqualTo(ContinuousBackupsStatus.DISABLED);
    assertThatThrownBy(() -> client.describeContinuousBackups(b -> b.tableName("Nope")))
        .isInstanceOf(TableNotFoundException.class);
  }

  @Test
  void shouldReportItemCountAfterWrites() {
    String name = createTable("Count", false);
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("1"))));
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("2"))));
    assertThat(client.describeTable(b -> b.tableName(name)).table().itemCount()).isEqualTo(2L);
  }

  @Test
  void aTableDeletedWhileItIsCreatedLeavesTheCreationSucceeded() throws Exception {
    String name = table("Racing");
    List<Throwable> unexpected = Collections.synchronizedList(new ArrayList<>());
    Runnable creates =
        () -> {
          for (int i = 0; i < 30; i++) {
            try {
              client.createTable(
                  b ->
                      b.tableName(name)
                          .billingMode(BillingMode.PAY_PER_REQUEST)
                          .keySchema(key("pk", KeyType.HASH))
                          .attributeDefinitions(attr("pk", ScalarAttributeType.S))
                          .tags(Tag.builder().key("k1").value("v1").build()));
            } catch (ResourceInUseException exists) {
              // fine: the table is there
            } catch (Throwable t) {
              unexpected.add(t);
            }
          }
        };
    Runnable deletes =
        () -> {
          for (int i = 0; i < 30; i++) {
            try {
              client.deleteTable(b -> b.tableName(name));
            } catch (ResourceNotFoundException | ResourceInUseException gone) {
              // fine
            } catch (Throwable t) {
              unexpected.add(t);
            }
          }
        };
    Thread a = new Thread(creates);
    Thread b = new Thread(deletes);
    a.start();
    b.start();
    a.join();
    b.join();
    assertThat(unexpected).isEmpty(); // a CreateTable is never ResourceNotFoundException
  }
}

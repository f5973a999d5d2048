package dev.tributary.engine.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What DescribeTable returns. */
public record TableDescription(
    String tableName,
    String tableArn,
    String tableId,
    TableStatus tableStatus,
    Instant creationDateTime,
    List<KeySchemaElement> keySchema,
    List<AttributeDefinition> attributeDefinitions,
    BillingMode billingMode,
    ProvisionedThroughputDescription provisionedThroughput,
    long itemCount,
    long tableSizeBytes,
    List<IndexDescription> globalSecondaryIndexes,
    List<IndexDescription> localSecondaryIndexes,
    Optional<StreamSpecification> streamSpecification,
    Optional<String> latestStreamArn,
    Optional<String> latestStreamLabel) {

  /** The same description in another lifecycle state (CreateTable answers CREATING, ...). */
  public TableDescription withStatus(TableStatus status) {
    return new TableDescription(
        tableName,
        tableArn,
        tableId,
        status,
        creationDateTime,
        keySchema,
        attributeDefinitions,
        billingMode,
        provisionedThroughput,
        itemCount,
        tableSizeBytes,
        globalSecondaryIndexes,
        localSecondaryIndexes,
        streamSpecification,
        latestStreamArn,
        latestStreamLabel);
  }
}

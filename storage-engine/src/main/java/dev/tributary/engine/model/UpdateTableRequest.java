package dev.tributary.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * UpdateTable: add or remove a GSI (built online), change a GSI's throughput, the stream, the
 * billing mode or the table's throughput.
 */
public record UpdateTableRequest(
    String tableName,
    List<AttributeDefinition> attributeDefinitions,
    Optional<BillingMode> billingMode,
    Optional<ProvisionedThroughput> provisionedThroughput,
    List<GlobalSecondaryIndex> createIndexes,
    List<String> deleteIndexes,
    List<IndexThroughputUpdate> updateIndexes,
    Optional<StreamSpecification> streamSpecification) {

  /** A new provisioned throughput for one GSI. */
  public record IndexThroughputUpdate(String indexName, ProvisionedThroughput throughput) {}

  public UpdateTableRequest {
    Objects.requireNonNull(tableName, "tableName");
    attributeDefinitions = List.copyOf(attributeDefinitions);
    Objects.requireNonNull(billingMode, "billingMode");
    Objects.requireNonNull(provisionedThroughput, "provisionedThroughput");
    createIndexes = List.copyOf(createIndexes);
    deleteIndexes = List.copyOf(deleteIndexes);
    updateIndexes = List.copyOf(updateIndexes);
    Objects.requireNonNull(streamSpecification, "streamSpecification");
  }

  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  /** A mutable, chainable builder. */
  public static final class Builder {
    private final String tableName;
    private final List<AttributeDefinition> attributeDefinitions = new ArrayList<>();
    private BillingMode billingMode;
    private ProvisionedThroughput throughput;
    private final List<GlobalSecondaryIndex> creates = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();
    private final List<IndexThroughputUpdate> updates = new ArrayList<>();
    private StreamSpecification stream;

    private Builder(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    public Builder attributeDefinitions(AttributeDefinition... definitions) {
      attributeDefinitions.addAll(List.of(definitions));
      return this;
    }

    public Builder billingMode(BillingMode mode) {
      this.billingMode = Objects.requireNonNull(mode, "billingMode");
      return this;
    }

    public Builder provisionedThroughput(ProvisionedThroughput throughput) {
      this.throughput = Objects.requireNonNull(throughput, "throughput");
      return this;
    }

    public Builder createIndex(GlobalSecondaryIndex index) {
      creates.add(Objects.requireNonNull(index, "index"));
      return this;
    }

    public Builder deleteIndex(String indexName) {
      deletes.add(Objects.requireNonNull(indexName, "indexName"));
      return this;
    }

    public Builder updateIndex(String indexName, ProvisionedThroughput throughput) {
      updates.add(new IndexThroughputUpdate(indexName, throughput));
      return this;
    }

    public Builder stream(StreamSpecification spec) {
      this.stream = Objects.requireNonNull(spec, "spec");
      return this;
    }

    public UpdateTableRequest build() {
      return new UpdateTableRequest(
          tableName,
          attributeDefinitions,
          Optional.ofNullable(billingMode),
          Optional.ofNullable(throughput),
          creates,
          deletes,
          updates,
          Optional.ofNullable(stream));
    }
  }
}

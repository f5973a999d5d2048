package dev.tributary.engine.model;

import dev.tributary.core.StreamViewType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * CreateTable's parameters. Structural rules that need the whole request (key attributes defined,
 * index names unique, throughput present exactly for PROVISIONED) are checked by the engine, with
 * DynamoDB's messages, so the Java API and the wire protocol report them alike.
 */
public record CreateTableRequest(
    String tableName,
    List<KeySchemaElement> keySchema,
    List<AttributeDefinition> attributeDefinitions,
    BillingMode billingMode,
    Optional<ProvisionedThroughput> provisionedThroughput,
    List<GlobalSecondaryIndex> globalSecondaryIndexes,
    List<LocalSecondaryIndex> localSecondaryIndexes,
    Optional<StreamSpecification> streamSpecification) {

  public CreateTableRequest {
    Objects.requireNonNull(tableName, "tableName");
    keySchema = List.copyOf(Objects.requireNonNull(keySchema, "keySchema"));
    attributeDefinitions =
        List.copyOf(Objects.requireNonNull(attributeDefinitions, "attributeDefinitions"));
    Objects.requireNonNull(billingMode, "billingMode");
    Objects.requireNonNull(provisionedThroughput, "provisionedThroughput");
    globalSecondaryIndexes =
        List.copyOf(Objects.requireNonNull(globalSecondaryIndexes, "globalSecondaryIndexes"));
    localSecondaryIndexes =
        List.copyOf(Objects.requireNonNull(localSecondaryIndexes, "localSecondaryIndexes"));
    Objects.requireNonNull(streamSpecification, "streamSpecification");
  }

  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  /** A mutable, chainable builder. */
  public static final class Builder {
    private final String tableName;
    private final List<KeySchemaElement> keySchema = new ArrayList<>();
    private final List<AttributeDefinition> attributeDefinitions = new ArrayList<>();
    private BillingMode billingMode = BillingMode.PAY_PER_REQUEST;
    private ProvisionedThroughput provisionedThroughput;
    private final List<GlobalSecondaryIndex> gsis = new ArrayList<>();
    private final List<LocalSecondaryIndex> lsis = new ArrayList<>();
    private StreamSpecification streamSpecification;

    private Builder(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    public Builder keySchema(KeySchemaElement... elements) {
      keySchema.addAll(List.of(elements));
      return this;
    }

    /** Declares the partition key and its type. */
    public Builder partitionKey(String name, ScalarAttributeType type) {
      keySchema.add(KeySchemaElement.hash(name));
      return attribute(name, type);
    }

    /** Declares the sort key and its type. */
    public Builder sortKey(String name, ScalarAttributeType type) {
      keySchema.add(KeySchemaElement.range(name));
      return attribute(name, type);
    }

    public Builder attribute(String name, ScalarAttributeType type) {
      attributeDefinitions.add(new AttributeDefinition(name, type));
      return this;
    }

    public Builder attributeDefinitions(AttributeDefinition... definitions) {
      attributeDefinitions.addAll(List.of(definitions));
      return this;
    }

    public Builder payPerRequest() {
      billingMode = BillingMode.PAY_PER_REQUEST;
      provisionedThroughput = null;
      return this;
    }

    public Builder provisioned(long readCapacityUnits, long writeCapacityUnits) {
      billingMode = BillingMode.PROVISIONED;
      provisionedThroughput = new ProvisionedThroughput(readCapacityUnits, writeCapacityUnits);
      return this;
    }

    public Builder billingMode(BillingMode mode) {
      billingMode = Objects.requireNonNull(mode, "billingMode");
      return this;
    }

    public Builder provisionedThroughput(ProvisionedThroughput throughput) {
      provisionedThroughput = throughput;
      return this;
    }

    public Builder globalSecondaryIndex(GlobalSecondaryIndex index) {
      gsis.add(Objects.requireNonNull(index, "index"));
      return this;
    }

    public Builder localSecondaryIndex(LocalSecondaryIndex index) {
      lsis.add(Objects.requireNonNull(index, "index"));
      return this;
    }

    public Builder stream(StreamSpecification spec) {
      streamSpecification = spec;
      return this;
    }

    public Builder stream(StreamViewType viewType) {
      return stream(StreamSpecification.enabled(viewType));
    }

    public CreateTableRequest build() {
      return new CreateTableRequest(
          tableName,
          keySchema,
          attributeDefinitions,
          billingMode,
          Optional.ofNullable(provisionedThroughput),
          gsis,
          lsis,
          Optional.ofNullable(streamSpecification));
    }
  }
}

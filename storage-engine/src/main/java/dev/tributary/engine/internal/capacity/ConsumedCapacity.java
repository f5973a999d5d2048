package dev.tributary.engine.internal.capacity;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one request consumed on one table, in the shape of DynamoDB's {@code ConsumedCapacity}:
 * totals for ReturnConsumedCapacity TOTAL, plus {@code Table}, {@code GlobalSecondaryIndexes} and
 * {@code LocalSecondaryIndexes} for INDEXES. Immutable; build it with {@link #builder(String)}.
 *
 * <p>Where units are charged is separate from where they are reported: a Query on an LSI is
 * reported under the LSI but spends the table's provisioned capacity (see {@link
 * #provisionedTableUnits()}); a GSI spends its own.
 */
public final class ConsumedCapacity {
  private final String tableName;
  private final Capacity table;
  private final Map<String, Capacity> globalSecondaryIndexes;
  private final Map<String, Capacity> localSecondaryIndexes;

  private ConsumedCapacity(Builder b) {
    this.tableName = b.tableName;
    this.table = b.table;
    this.globalSecondaryIndexes = Collections.unmodifiableMap(new LinkedHashMap<>(b.gsis));
    this.localSecondaryIndexes = Collections.unmodifiableMap(new LinkedHashMap<>(b.lsis));
  }

  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  public String tableName() {
    return tableName;
  }

  /** {@code Table}: the base table's own share. */
  public Capacity table() {
    return table;
  }

  public Map<String, Capacity> globalSecondaryIndexes() {
    return globalSecondaryIndexes;
  }

  public Map<String, Capacity> localSecondaryIndexes() {
    return localSecondaryIndexes;
  }

  /** The request's total: table plus every index. */
  public Capacity total() {
    Capacity sum = table;
    for (Capacity c : globalSecondaryIndexes.values()) {
      sum = sum.plus(c);
    }
    for (Capacity c : localSecondaryIndexes.values()) {
      sum = sum.plus(c);
    }
    return sum;
  }

  public double capacityUnits() {
    return total().capacityUnits();
  }

  public double readCapacityUnits() {
    return total().readCapacityUnits();
  }

  public double writeCapacityUnits() {
    return total().writeCapacityUnits();
  }

  /** Units drawn from the table's provisioned throughput: the table's own plus every LSI's. */
  public Capacity provisionedTableUnits() {
    Capacity sum = table;
    for (Capacity c : localSecondaryIndexes.values()) {
      sum = sum.plus(c);
    }
    return sum;
  }

  /** Both requests' units together (BatchGetItem, BatchWriteItem, transactions per table). */
  public ConsumedCapacity plus(ConsumedCapacity other) {
    Objects.requireNonNull(other, "other");
    if (!tableName.equals(other.tableName)) {
      throw new IllegalArgumentException(
          "cannot add capacity of table " + other.tableName + " to table " + tableName);
    }
    Builder b = new Builder(tableName).addTable(table).addTable(other.table);
    globalSecondaryIndexes.forEach(b::addGlobalIndex);
    other.globalSecondaryIndexes.forEach(b::addGlobalIndex);
    localSecondaryIndexes.forEach(b::addLocalIndex);
    other.localSecondaryIndexes.forEach(b::addLocalIndex);
    return b.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumedCapacity c
        && tableName.equals(c.tableName)
        && table.equals(c.table)
        && globalSecondaryIndexes.equals(c.globalSecondaryIndexes)
        && localSecondaryIndexes.equals(c.localSecondaryIndexes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tableName, table, globalSecondaryIndexes, localSecondaryIndexes);
  }

  @Override
  public String toString() {
    return "ConsumedCapacity{"
        + tableName
        + ", total="
        + capacityUnits()
        + ", table="
        + table
        + ", gsis="
        + globalSecondaryIndexes
        + ", lsis="
        + localSecondaryIndexes
        + "}";
  }

  /** Accumulates units per table and index; adding to the same index sums. */
  public static final class Builder {
    private final String tableName;
    private Capacity table = Capacity.ZERO;
    private final Map<String, Capacity> gsis = new LinkedHashMap<>();
    private final Map<String, Capacity> lsis = new LinkedHashMap<>();

    private Builder(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    public Builder addTable(Capacity c) {
      table = table.plus(Objects.requireNonNull(c, "c"));
      return this;
    }

    public Builder addGlobalIndex(String indexName, Capacity c) {
      gsis.merge(
          Objects.requireNonNull(indexName, "indexName"),
          Objects.requireNonNull(c, "c"),
          Capacity::plus);
      return this;
    }

    public Builder addLocalIndex(String indexName, Capacity c) {
      lsis.merge(
          Objects.requireNonNull(indexName, "indexName"),
          Objects.requireNonNull(c, "c"),
          Capacity::plus);
      return this;
    }

    public ConsumedCapacity build() {
      return new ConsumedCapacity(this);
    }
  }
}

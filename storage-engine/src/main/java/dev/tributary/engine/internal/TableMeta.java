package dev.tributary.engine.internal;

import dev.tributary.core.StreamViewType;
import dev.tributary.engine.ChangeStream.EarlierStream;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TableStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table's definition as the catalog stores it (JSON in {@link Keyspace#CATALOG}). Immutable: a
 * change writes a new value and swaps it in.
 */
public record TableMeta(
    String name,
    int id,
    long createdMillis,
    TableStatus status,
    String partitionKey,
    String sortKey,
    Map<String, ScalarAttributeType> attributeTypes,
    BillingMode billingMode,
    ThroughputMeta throughput,
    List<IndexMeta> indexes,
    boolean streamEnabled,
    StreamViewType streamViewType,
    String streamLabel,
    String ttlAttribute,
    List<ScalingMeta> scaling,
    long streamStartSequence,
    List<EarlierStream> earlierStreams) {
  /** Earlier streams kept in the catalog; older ones are forgotten (their records long trimmed). */
  static final int MAX_EARLIER_STREAMS = 16;

  public TableMeta {
    attributeTypes = Map.copyOf(attributeTypes);
    indexes = List.copyOf(indexes);
    scaling = scaling == null ? List.of() : List.copyOf(scaling);
    earlierStreams = earlierStreams == null ? List.of() : List.copyOf(earlierStreams);
  }

  public TableMeta withScaling(List<ScalingMeta> policies) {
    return new TableMeta(
        name,
        id,
        createdMillis,
        status,
        partitionKey,
        sortKey,
        attributeTypes,
        billingMode,
        throughput,
        indexes,
        streamEnabled,
        streamViewType,
        streamLabel,
        ttlAttribute,
        policies,
        streamStartSequence,
        earlierStreams);
  }

  public Optional<String> sortKeyName() {
    return Optional.ofNullable(sortKey);
  }

  public Optional<String> ttlAttributeName() {
    return Optional.ofNullable(ttlAttribute);
  }

  public ScalarAttributeType typeOf(String attribute) {
    return attributeTypes.get(attribute);
  }

  public List<String> primaryKeyAttributes() {
    return sortKey == null ? List.of(partitionKey) : List.of(partitionKey, sortKey);
  }

  public boolean isKeyAttribute(String name) {
    return name.equals(partitionKey) || name.equals(sortKey);
  }

  public Optional<IndexMeta> index(String indexName) {
    for (IndexMeta i : indexes) {
      if (i.name().equals(indexName)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  public List<IndexMeta> indexes(boolean global) {
    List<IndexMeta> out = new ArrayList<>();
    for (IndexMeta i : indexes) {
      if (i.global() == global) {
        out.add(i);
      }
    }
    return out;
  }

  public TableMeta withIndexes(List<IndexMeta> newIndexes) {
    return new TableMeta(
        name,
        id,
        createdMillis,
        status,
        partitionKey,
        sortKey,
        attributeTypes,
        billingMode,
        throughput,
        newIndexes,
        streamEnabled,
        streamViewType,
        streamLabel,
        ttlAttribute,
        scaling,
        streamStartSequence,
        earlierStreams);
  }

  public TableMeta withIndex(IndexMeta changed) {
    List<IndexMeta> out = new ArrayList<>();
    for (IndexMeta i : indexes) {
      out.add(i.name().equals(changed.name()) ? changed : i);
    }
    return withIndexes(out);
  }

  public TableMeta withAttributeTypes(Map<String, ScalarAttributeType> types) {
    return new TableMeta(
        name,
        id,
        createdMillis,
        status,
        partitionKey,
        sortKey,
        types,
        billingMode,
        throughput,
        indexes,
        streamEnabled,
        streamViewType,
        streamLabel,
        ttlAttribute,
        scaling,
        streamStartSequence,
        earlierStreams);
  }

  public TableMeta withBilling(BillingMode mode, ThroughputMeta newThroughput) {
    return new TableMeta(
        name,
        id,
        createdMillis,
        status,
        partitionKey,
        sortKey,
        attributeTypes,
        mode,
        newThroughput,
        indexes,
        streamEnabled,
        streamViewType,
        streamLabel,
        ttlAttribute,
        scaling,
        streamStartSequence,
        earlierStreams);
  }

  /**
   * A stream change. {@code startSequence} is the first sequence the new stream (label) can hold,
   * so a Streams reader knows where each stream's records begin.
   */
  public TableMeta withStream(
      boolean enabled, StreamViewType viewType, String label, long startSequence) {
    List<EarlierStream> earlier = earlierStreams;
    if (streamLabel != null && !streamLabel.equals(label)) {
      // a new stream: the one it replaces stays readable by its ARN, and is listed, newest first
      List<EarlierStream> next = new ArrayList<>();
      next.add(new EarlierStream(streamLabel, streamStartSequence));
      next.addAll(earlierStreams);
      earlier = next.subList(0, Math.min(next.size(), MAX_EARLIER_STREAMS));
    }
    return new TableMeta(
        name,
        id,
        createdMillis,
        status,
        partitionKey,
        sortKey,
        attributeTypes,
        billingMode,
        throughput,
        indexes,
        enabled,
        viewType,
        label,
        ttlAttribute,
        scaling,
        startSequence,
        earlier);
  }

  public TableMeta withTtl(String attribute) {
    return new TableMeta(
        name,
        id,
        createdMillis,
        status,
        partitionKey,
        sortKey,
        attributeTypes,
        billingMode,
        throughput,
        indexes,
        streamEnabled,
        streamViewType,
        streamLabel,
        attribute,
        scaling,
        streamStartSequence,
        earlierStreams);
  }

  public TableMeta withStatus(TableStatus newStatus) {
    return new TableMeta(
        name,
        id,
        createdMillis,
        newStatus,
        partitionKey,
        sortKey,
        attributeTypes,
        billingMode,
        throughput,
        indexes,
        streamEnabled,
        streamViewType,
        streamLabel,
        ttlAttribute,
        scaling,
        streamStartSequence,
        earlierStreams);
  }
}

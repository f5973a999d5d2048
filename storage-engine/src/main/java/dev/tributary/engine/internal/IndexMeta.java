package dev.tributary.engine.internal;

import dev.tributary.engine.model.ProjectionType;
import dev.tributary.engine.model.TableStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * A secondary index's definition as the catalog stores it. {@code uid} is unique across the store
 * and never reused, so a dropped index's leftover entries cannot surface in a new one.
 */
public record IndexMeta(
    String name,
    int uid,
    boolean global,
    List<String> partitionAttributes,
    List<String> sortAttributes,
    ProjectionType projectionType,
    List<String> nonKeyAttributes,
    TableStatus status,
    boolean backfilling,
    ThroughputMeta throughput) {

  public IndexMeta {
    partitionAttributes = List.copyOf(partitionAttributes);
    sortAttributes = List.copyOf(sortAttributes);
    nonKeyAttributes = List.copyOf(nonKeyAttributes);
  }

  public IndexMeta withStatus(TableStatus newStatus, boolean nowBackfilling) {
    return new IndexMeta(
        name,
        uid,
        global,
        partitionAttributes,
        sortAttributes,
        projectionType,
        nonKeyAttributes,
        newStatus,
        nowBackfilling,
        throughput);
  }

  public IndexMeta withThroughput(ThroughputMeta newThroughput) {
    return new IndexMeta(
        name,
        uid,
        global,
        partitionAttributes,
        sortAttributes,
        projectionType,
        nonKeyAttributes,
        status,
        backfilling,
        newThroughput);
  }

  /** Every key attribute of this index (its own, in order). */
  public List<String> keyAttributes() {
    ArrayList<String> all = new ArrayList<>(partitionAttributes);
    all.addAll(sortAttributes);
    return all;
  }

  public boolean queryable() {
    return status == TableStatus.ACTIVE;
  }
}

package dev.tributary.engine.model;

import java.util.List;
import java.util.Optional;

/**
 * A secondary index as DescribeTable reports it. {@code global} tells a GSI from an LSI; status and
 * {@code backfilling} show an index being built online after UpdateTable added it.
 */
public record IndexDescription(
    String indexName,
    String indexArn,
    boolean global,
    List<KeySchemaElement> keySchema,
    Projection projection,
    TableStatus indexStatus,
    boolean backfilling,
    Optional<ProvisionedThroughputDescription> provisionedThroughput,
    long itemCount,
    long indexSizeBytes) {}

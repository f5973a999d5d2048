package dev.tributary.connectors.internal;

import dev.tributary.core.ChangeEvent;

/**
 * A change event and where it goes: the table's change topic, keyed by its partition-key column.
 */
public record SourceChange(String table, String partitionKey, ChangeEvent event) {}

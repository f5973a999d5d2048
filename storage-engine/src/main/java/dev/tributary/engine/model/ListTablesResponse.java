package dev.tributary.engine.model;

import java.util.List;
import java.util.Optional;

/** One page of table names, in name order. */
public record ListTablesResponse(
    List<String> tableNames, Optional<String> lastEvaluatedTableName) {}

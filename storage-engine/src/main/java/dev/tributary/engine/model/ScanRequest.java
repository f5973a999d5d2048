package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** Scan: every item of a table or index, optionally one segment of a parallel scan. */
public record ScanRequest(
    String tableName,
    Optional<String> indexName,
    Optional<String> filterExpression,
    Optional<String> projectionExpression,
    ExpressionParameters expressionParameters,
    Optional<Select> select,
    OptionalInt limit,
    Optional<Map<String, AttributeValue>> exclusiveStartKey,
    OptionalInt segment,
    OptionalInt totalSegments,
    boolean consistentRead,
    ReturnConsumedCapacity returnConsumedCapacity) {

  public ScanRequest {
    Objects.requireNonNull(tableName, "tableName");
    Objects.requireNonNull(indexName, "indexName");
    Objects.requireNonNull(filterExpression, "filterExpression");
    Objects.requireNonNull(projectionExpression, "projectionExpression");
    Objects.requireNonNull(expressionParameters, "expressionParameters");
    Objects.requireNonNull(select, "select");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(exclusiveStartKey, "exclusiveStartKey");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(totalSegments, "totalSegments");
    Objects.requireNonNull(returnConsumedCapacity, "returnConsumedCapacity");
  }

  public static ScanRequest of(String tableName) {
    return builder(tableName).build();
  }

  public static Builder builder(String tableName) {
    return new Builder(tableName);
  }

  /** A mutable, chainable builder. */
  public static final class Builder extends ReadRequestBuilder<Builder> {
    private final String tableName;
    private Integer segment;
    private Integer totalSegments;

    private Builder(String tableName) {
      this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    /** Scan only segment {@code segment} of {@code totalSegments} (a parallel scan). */
    public Builder segment(int segment, int totalSegments) {
      this.segment = segment;
      this.totalSegments = totalSegments;
      return this;
    }

    public ScanRequest build() {
      return new ScanRequest(
          tableName,
          Optional.ofNullable(indexName),
          Optional.ofNullable(filter),
          Optional.ofNullable(projection),
          parameters(),
          Optional.ofNullable(select),
          limit == null ? OptionalInt.empty() : OptionalInt.of(limit),
          Optional.ofNullable(exclusiveStartKey),
          segment == null ? OptionalInt.empty() : OptionalInt.of(segment),
          totalSegments == null ? OptionalInt.empty() : OptionalInt.of(totalSegments),
          consistentRead,
          returnConsumedCapacity);
    }
  }
}

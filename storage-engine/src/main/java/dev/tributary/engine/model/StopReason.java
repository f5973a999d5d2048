package dev.tributary.engine.model;

/**
 * Why a Query or Scan page ended. A page that ends at {@link #LIMIT} or {@link #PAGE_SIZE} carries
 * a LastEvaluatedKey (even when nothing follows, as in DynamoDB); one that ends at {@link
 * #END_OF_DATA} does not.
 */
public enum StopReason {
  /** {@code Limit} items were evaluated. */
  LIMIT,
  /** The items read reached 1 MB. */
  PAGE_SIZE,
  /**
   * The key range (the partition, the sort-key condition, the segment or the table) was read whole.
   */
  END_OF_DATA
}

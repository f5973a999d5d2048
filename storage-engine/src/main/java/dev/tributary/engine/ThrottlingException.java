package dev.tributary.engine;

import java.util.Objects;

/**
 * An on-demand (PAY_PER_REQUEST) table or global secondary index has reached the maximum request
 * units per second its {@code OnDemandThroughput} allows. {@link #reason()} is DynamoDB's
 * throttling reason, e.g. {@code TableReadMaxOnDemandThroughputExceeded}.
 */
public class ThrottlingException extends DynamoDbException {
  /** DynamoDB's message for a request beyond an on-demand maximum. */
  public static final String MAX_ON_DEMAND_EXCEEDED =
      "Throughput exceeds the maximum OnDemandThroughput configured on table or index";

  private final String reason;

  public ThrottlingException(String message, String reason) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** {@code Table|Index} + {@code Read|Write} + {@code MaxOnDemandThroughputExceeded}. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

package dev.tributary.engine;

import java.util.Objects;
import java.util.Optional;

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
  private final String resource;

  public ThrottlingException(String message, String reason) {
    this(message, reason, null);
  }

  private ThrottlingException(String message, String reason, String resource) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.resource = resource;
  }

  /** {@code Table|Index} + {@code Read|Write} + {@code MaxOnDemandThroughputExceeded}. */
  public String reason() {
    return reason;
  }

  /** The ARN of the throttled table or index, once known. */
  public Optional<String> resource() {
    return Optional.ofNullable(resource);
  }

  /** This throttling, naming the ARN of the throttled table or index. */
  public ThrottlingException withResource(String arn) {
    return new ThrottlingException(getMessage(), reason, Objects.requireNonNull(arn, "arn"));
  }

  @Override
  public boolean retryable() {
    return true;
  }
}

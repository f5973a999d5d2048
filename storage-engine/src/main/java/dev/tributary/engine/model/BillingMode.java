package dev.tributary.engine.model;

/** How a table is billed and, here, whether it is throttled. */
public enum BillingMode {
  /** Fixed read and write capacity with burst credit; throttled beyond it. */
  PROVISIONED,
  /** On demand: never throttled. */
  PAY_PER_REQUEST
}

package dev.tributary.engine.model;

/** Which provisioned capacity an auto-scaling policy adjusts. */
public enum CapacityDimension {
  READ,
  WRITE
}

package dev.tributary.engine.internal.capacity;

/** The capacity a scaling policy adjusts, as Application Auto Scaling's scalable dimensions. */
public enum ScalableDimension {
  READ,
  WRITE
}

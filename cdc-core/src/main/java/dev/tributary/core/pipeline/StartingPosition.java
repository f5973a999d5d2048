package dev.tributary.core.pipeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a lane's runner starts when its lane partition has no committed position yet: Lambda's
 * event source mapping {@code StartingPosition}. {@link #TRIM_HORIZON} (the default) starts at the
 * oldest event; {@link #LATEST} at the events written after the lane first starts; {@link
 * #atTimestamp} at the first event written at or after the instant. Once the runner has a committed
 * position (the first assignment commits the position it starts from), a restart goes on from
 * there, as an event source mapping keeps its place.
 */
public final class StartingPosition {
  /** Which kind of position. */
  public enum Kind {
    TRIM_HORIZON,
    LATEST,
    AT_TIMESTAMP
  }

  public static final StartingPosition TRIM_HORIZON = new StartingPosition(Kind.TRIM_HORIZON, null);
  public static final StartingPosition LATEST = new StartingPosition(Kind.LATEST, null);

  private final Kind kind;
  private final Instant timestamp;

  private StartingPosition(Kind kind, Instant timestamp) {
    this.kind = kind;
    this.timestamp = timestamp;
  }

  /** Lambda's {@code AT_TIMESTAMP} with {@code StartingPositionTimestamp}. */
  public static StartingPosition atTimestamp(Instant timestamp) {
    return new StartingPosition(Kind.AT_TIMESTAMP, Objects.requireNonNull(timestamp, "timestamp"));
  }

  /**
   * {@code TRIM_HORIZON}, {@code LATEST} or {@code AT_TIMESTAMP} (which needs {@code timestamp}),
   * as Lambda names them.
   */
  public static StartingPosition of(String name, Optional<Instant> timestamp) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "TRIM_HORIZON":
        return TRIM_HORIZON;
      case "LATEST":
        return LATEST;
      case "AT_TIMESTAMP":
        return atTimestamp(
            timestamp.orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "StartingPosition AT_TIMESTAMP needs a StartingPositionTimestamp")));
      default:
        throw new IllegalArgumentException(
            "StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, was " + name);
    }
  }

  public Kind kind() {
    return kind;
  }

  /** The instant of {@code AT_TIMESTAMP}. */
  public Optional<Instant> timestamp() {
    return Optional.ofNullable(timestamp);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StartingPosition p
        && p.kind == kind
        && Objects.equals(p.timestamp, timestamp);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, timestamp);
  }

  @Override
  public String toString() {
    return kind == Kind.AT_TIMESTAMP ? "AT_TIMESTAMP " + timestamp : kind.name();
  }
}

package dev.tributary.engine.internal.capacity;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Target-tracking auto scaling as Application Auto Scaling does it for DynamoDB, for every
 * registered table or GSI dimension. The engine feeds consumed units to each {@link
 * ScalableTarget}, calls {@link #tick()} periodically (every few seconds; tests after advancing a
 * fake clock) and applies each {@link ScalingEvent} the listener receives to its limiter and table
 * description.
 */
public final class AutoScaler {
  private final Clock clock;
  private final Consumer<? super ScalingEvent> listener;
  private final Map<Key, ScalableTarget> targets = new ConcurrentHashMap<>();

  private record Key(String resourceId, ScalableDimension dimension) {}

  public AutoScaler(Clock clock, Consumer<? super ScalingEvent> listener) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Application Auto Scaling's resource id of a table: {@code table/<name>}. */
  public static String tableResourceId(String table) {
    return "table/" + Objects.requireNonNull(table, "table");
  }

  /** ... and of a global secondary index: {@code table/<name>/index/<index>}. */
  public static String indexResourceId(String table, String index) {
    return tableResourceId(table) + "/index/" + Objects.requireNonNull(index, "index");
  }

  /**
   * Registers (or replaces) the policy of one dimension; {@code currentCapacity} is what the table
   * or index is provisioned with now.
   */
  public ScalableTarget register(
      String resourceId, ScalableDimension dimension, ScalingPolicy policy, long currentCapacity) {
    ScalableTarget t = new ScalableTarget(resourceId, dimension, policy, currentCapacity, clock);
    targets.put(new Key(resourceId, dimension), t);
    return t;
  }

  /** Stops scaling this dimension (DeregisterScalableTarget, table deleted, on-demand). */
  public boolean deregister(String resourceId, ScalableDimension dimension) {
    return targets.remove(
            new Key(
                Objects.requireNonNull(resourceId, "resourceId"),
                Objects.requireNonNull(dimension, "dimension")))
        != null;
  }

  public Optional<ScalableTarget> target(String resourceId, ScalableDimension dimension) {
    return Optional.ofNullable(
        targets.get(
            new Key(
                Objects.requireNonNull(resourceId, "resourceId"),
                Objects.requireNonNull(dimension, "dimension"))));
  }

  /**
   * Evaluates every target and reports each change to the listener (outside any lock). Every
   * listener call is made even if one throws; the first failure is rethrown afterwards.
   *
   * @return the changes made by this tick
   */
  public List<ScalingEvent> tick() {
    List<ScalingEvent> events = new ArrayList<>();
    for (ScalableTarget t : targets.values()) {
      t.evaluate().ifPresent(events::add);
    }
    RuntimeException failure = null;
    for (ScalingEvent e : events) {
      try {
        listener.accept(e);
      } catch (RuntimeException ex) {
        if (failure == null) {
          failure = ex;
        } else {
          failure.addSuppressed(ex);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return events;
  }
}

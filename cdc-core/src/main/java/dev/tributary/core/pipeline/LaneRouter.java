package dev.tributary.core.pipeline;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.internal.RoutingPlan;
import java.util.Objects;
import java.util.Optional;

/**
 * What one handler's lane receives of a source event, decided exactly as the topology decides it
 * (filters, view, the handler's routes, snapshot choice, projection), for code that delivers
 * history to a handler without the topology: replay from the change log or an archive, backfills.
 * It does not drop redeliveries; the topology's per-key sequence store is not consulted.
 */
public final class LaneRouter {
  private final String pipeline;
  private final String handler;
  private final RoutingPlan plan;
  private final boolean snapshots;

  private LaneRouter(Pipeline pipeline, String handler) {
    this.pipeline = pipeline.name();
    this.handler = handler;
    this.plan = RoutingPlan.of(pipeline);
    this.snapshots =
        plan.lanes().stream().anyMatch(l -> l.handler().equals(handler) && l.snapshots());
  }

  /**
   * The router of {@code handler}'s lane. Handlers whose snapshot choice is left to them are asked
   * now, through a probe instance, as {@link PipelineTopology#build} asks them.
   */
  public static LaneRouter of(Pipeline pipeline, String handler) {
    Objects.requireNonNull(pipeline, "pipeline");
    pipeline.laneTopic(handler); // names the known handlers when this one is not defined
    return new LaneRouter(pipeline, handler);
  }

  public String pipeline() {
    return pipeline;
  }

  public String handler() {
    return handler;
  }

  /** Whether snapshot (backfill) events reach this lane. */
  public boolean receivesSnapshotEvents() {
    return snapshots;
  }

  /** The event as the lane receives it, or empty when the topology would not route it there. */
  public Optional<ChangeEvent> route(ChangeEvent sourceEvent) {
    return plan.routeTo(handler, Objects.requireNonNull(sourceEvent, "sourceEvent"));
  }

  @Override
  public String toString() {
    return "LaneRouter[" + pipeline + "/" + handler + "]";
  }
}

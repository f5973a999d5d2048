package dev.tributary.core.pipeline.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.core.pipeline.ImagePredicate;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the routing processor needs from a pipeline, resolved once when the topology is built (route
 * unions, which lanes take snapshots, topic-to-table names), so no per-record work repeats.
 */
public final class RoutingPlan {
  public static final String SOURCE = "change-topics";
  public static final String PROCESSOR = "route-events";
  public static final String SEQUENCE_STORE = "last-sequence-by-key";
  public static final String DEAD_LETTER_SINK = "dead-letters";

  private final EventPredicate filter;
  private final Optional<ImagePredicate> view;
  private final Optional<Projection> projection;
  private final List<LaneRoute> lanes;
  private final Map<String, String> tableByTopic;
  private final String deadLetterTopic;
  private final boolean routesOnHeaders;

  private RoutingPlan(Pipeline p, List<LaneRoute> lanes, Map<String, String> tableByTopic) {
    this.filter = p.filter();
    this.view = p.view();
    this.projection = p.projection().map(Projection::new);
    this.lanes = List.copyOf(lanes);
    this.tableByTopic = Map.copyOf(tableByTopic);
    this.deadLetterTopic = p.topologyDeadLetterTopic();
    this.routesOnHeaders =
        view.isEmpty()
            && projection.isEmpty()
            && EventPredicates.decidedByRoutingHeaders(filter)
            && this.lanes.stream()
                .allMatch(l -> EventPredicates.decidedByRoutingHeaders(l.route()));
  }

  public static RoutingPlan of(Pipeline pipeline) {
    List<LaneRoute> lanes = new ArrayList<>();
    pipeline
        .handlers()
        .forEach(
            (handler, spec) ->
                lanes.add(
                    new LaneRoute(
                        handler,
                        sinkName(handler),
                        pipeline.routeFor(handler),
                        spec.receivesSnapshotEvents())));
    Map<String, String> tables = new HashMap<>();
    for (String table : pipeline.sources()) {
      tables.put(Topics.changeTopic(table), table);
    }
    return new RoutingPlan(pipeline, lanes, tables);
  }

  public static String sinkName(String handler) {
    return "lane-" + handler;
  }

  EventPredicate filter() {
    return filter;
  }

  Optional<ImagePredicate> view() {
    return view;
  }

  Optional<Projection> projection() {
    return projection;
  }

  public List<LaneRoute> lanes() {
    return lanes;
  }

  /**
   * The event as the lanes receive it, filling {@code targets} with the lanes that get it; empty
   * when none does. Filters see the source's event, the view scopes it, routes see the view's event
   * (snapshot events only on lanes that take them), and the projection comes last.
   */
  public Optional<ChangeEvent> route(ChangeEvent event, List<LaneRoute> targets) {
    if (!filter.test(event)) {
      return Optional.empty();
    }
    Optional<ChangeEvent> scoped =
        view.isPresent() ? ViewScope.apply(view.get(), event) : Optional.of(event);
    if (scoped.isEmpty()) {
      return Optional.empty();
    }
    for (LaneRoute lane : lanes) {
      if ((!event.snapshot() || lane.snapshots()) && lane.route().test(scoped.get())) {
        targets.add(lane);
      }
    }
    if (targets.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(projection.map(p -> p.apply(scoped.get())).orElse(scoped.get()));
  }

  /** The event as {@code handler}'s lane receives it, or empty when it does not reach that lane. */
  public Optional<ChangeEvent> routeTo(String handler, ChangeEvent event) {
    List<LaneRoute> targets = new ArrayList<>(lanes.size());
    Optional<ChangeEvent> routed = route(event, targets);
    for (LaneRoute lane : targets) {
      if (lane.handler().equals(handler)) {
        return routed;
      }
    }
    return Optional.empty();
  }

  Optional<String> tableOfTopic(String topic) {
    return Optional.ofNullable(tableByTopic.get(topic));
  }

  /**
   * Whether records with routing headers can be routed on them alone: no view, no projection, and
   * filters and routes that look only at the event name and snapshot flag.
   */
  public boolean routesOnHeaders() {
    return routesOnHeaders;
  }

  String deadLetterTopic() {
    return deadLetterTopic;
  }
}

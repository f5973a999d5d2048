package dev.tributary.core.pipeline.internal;

import dev.tributary.core.pipeline.EventPredicate;

/** One lane as the topology sees it: its sink node, its route, and whether snapshots reach it. */
public record LaneRoute(String handler, String sinkName, EventPredicate route, boolean snapshots) {}

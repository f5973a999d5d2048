package dev.tributary.worker.replay;

import dev.tributary.core.replay.RedeliveryStats;
import java.util.Map;
import java.util.Objects;

/**
 * What a backfill did.
 *
 * @param snapshotSequences per source table, the change-log sequence its snapshot reflects (every
 *     change up to it, plus the few in flight then)
 * @param snapshotItems items read from the snapshots
 * @param snapshotNotRouted snapshot items the pipeline does not route to the handler (filters,
 *     view, routes, or a handler that takes no snapshot events)
 * @param liveRead lane events read after the snapshots
 * @param liveAlreadyInSnapshot lane events skipped because the snapshot reflects them
 * @param delivery what reached the handler (or the dry-run sink), snapshot and live together
 */
public record BackfillReport(
    Map<String, Long> snapshotSequences,
    long snapshotItems,
    long snapshotNotRouted,
    long liveRead,
    long liveAlreadyInSnapshot,
    RedeliveryStats delivery) {
  public BackfillReport {
    snapshotSequences = Map.copyOf(snapshotSequences);
    Objects.requireNonNull(delivery, "delivery");
  }
}

package dev.tributary.worker.replay;

import dev.tributary.core.replay.RedeliveryStats;
import java.util.List;
import java.util.Objects;

/**
 * What a replay did.
 *
 * @param read events read from the source in the range
 * @param notRouted events the pipeline does not route to the handler (change log and archive only)
 * @param filteredOut events the {@code --where} expression rejected
 * @param delivery what reached the handler (or the dry-run sink)
 * @param warnings what the operator should know, e.g. history trimmed by retention
 */
public record ReplayReport(
    long read, long notRouted, long filteredOut, RedeliveryStats delivery, List<String> warnings) {
  public ReplayReport {
    Objects.requireNonNull(delivery, "delivery");
    warnings = List.copyOf(warnings);
  }
}

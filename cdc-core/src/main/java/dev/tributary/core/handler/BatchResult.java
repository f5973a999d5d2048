package dev.tributary.core.handler;

import dev.tributary.core.ChangeEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * What a handler reports for a batch: success, or the events that failed (Lambda's
 * ReportBatchItemFailures, identified by eventID). Events not listed are done and are not delivered
 * again.
 */
public record BatchResult(List<String> failedEventIds) {
  private static final BatchResult SUCCESS = new BatchResult(List.of());

  public BatchResult {
    failedEventIds = List.copyOf(Objects.requireNonNull(failedEventIds, "failedEventIds"));
  }

  public static BatchResult success() {
    return SUCCESS;
  }

  public static BatchResult failed(Collection<ChangeEvent> failed) {
    List<String> ids = new ArrayList<>(failed.size());
    for (ChangeEvent e : failed) {
      ids.add(e.eventId());
    }
    return new BatchResult(ids);
  }

  public static BatchResult failedIds(Collection<String> eventIds) {
    return new BatchResult(List.copyOf(eventIds));
  }

  public boolean isSuccess() {
    return failedEventIds.isEmpty();
  }
}

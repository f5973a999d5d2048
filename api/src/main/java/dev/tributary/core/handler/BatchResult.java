package dev.tributary.core.handler;

import dev.tributary.core.ChangeEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a handler reports for a batch: success, the events that failed (Lambda's
 * ReportBatchItemFailures, identified by eventID) and are retried per the lane's retry policy, and
 * the events to send straight to the dead-letter topic without retries (a permanent error for that
 * one event, say a payload the sink rejects). Events not listed are done and are not delivered
 * again. Combine: {@code BatchResult.failedIds(transient).andDeadLetter(permanent, "rejected")}.
 *
 * @param failedEventIds events to retry
 * @param deadLetters events to dead-letter at once, with the reason each goes there (the
 *     dead-letter record's {@code tributary.error.message})
 * @param failureReasons why some of the failed events failed (a connection refused, a rejection);
 *     it goes into the log and, if the event ends in the dead-letter topic, its error message
 */
public record BatchResult(
    List<String> failedEventIds,
    Map<String, String> deadLetters,
    Map<String, String> failureReasons) {
  private static final BatchResult SUCCESS = new BatchResult(List.of(), Map.of());
  private static final String DEFAULT_REASON = "the handler sent it to the dead-letter topic";

  public BatchResult {
    failedEventIds = List.copyOf(Objects.requireNonNull(failedEventIds, "failedEventIds"));
    Objects.requireNonNull(deadLetters, "deadLetters");
    Map<String, String> copy = new LinkedHashMap<>();
    deadLetters.forEach(
        (id, reason) ->
            copy.put(Objects.requireNonNull(id, "eventId"), Objects.requireNonNull(reason, id)));
    for (String id : failedEventIds) {
      if (copy.containsKey(id)) {
        throw new IllegalArgumentException(
            "event " + id + " is reported both failed (retry) and dead-lettered");
      }
    }
    deadLetters = Collections.unmodifiableMap(copy);
    Objects.requireNonNull(failureReasons, "failureReasons");
    Map<String, String> reasons = new LinkedHashMap<>();
    Set<String> failed = new HashSet<>(failedEventIds);
    failureReasons.forEach(
        (id, reason) -> {
          if (!failed.contains(id)) {
            throw new IllegalArgumentException(
                "event " + id + " has a failure reason but is not reported failed");
          }
          reasons.put(id, Objects.requireNonNull(reason, id));
        });
    failureReasons = Collections.unmodifiableMap(reasons);
  }

  /** Failures and dead letters, without reasons for the failures. */
  public BatchResult(List<String> failedEventIds, Map<String, String> deadLetters) {
    this(failedEventIds, deadLetters, Map.of());
  }

  /** Failures only, as Lambda reports them. */
  public BatchResult(List<String> failedEventIds) {
    this(failedEventIds, Map.of());
  }

  /** These events failed and are retried; each with why it failed. */
  public static BatchResult failedWithReasons(Map<String, String> reasonsByEventId) {
    return new BatchResult(List.copyOf(reasonsByEventId.keySet()), Map.of(), reasonsByEventId);
  }

  /** These events failed for one {@code reason}, and are retried. */
  public static BatchResult failed(Collection<ChangeEvent> failed, String reason) {
    Objects.requireNonNull(reason, "reason");
    Map<String, String> reasons = new LinkedHashMap<>();
    failed.forEach(e -> reasons.put(e.eventId(), reason));
    return failedWithReasons(reasons);
  }

  /** Why {@code eventId} failed, when the handler said. */
  public Optional<String> failureReason(String eventId) {
    return Optional.ofNullable(failureReasons.get(eventId));
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

  /**
   * These events go to the dead-letter topic at once, without retries (with key isolation their
   * keys are parked, as after exhausted retries); the rest of the batch is done.
   */
  public static BatchResult deadLetter(Collection<String> eventIds) {
    return SUCCESS.andDeadLetter(eventIds, DEFAULT_REASON);
  }

  /** As {@link #deadLetter(Collection)}, with the reason recorded in the dead-letter headers. */
  public static BatchResult deadLetter(Collection<String> eventIds, String reason) {
    return SUCCESS.andDeadLetter(eventIds, reason);
  }

  /** This result, with {@code eventIds} also dead-lettered for {@code reason}. */
  public BatchResult andDeadLetter(Collection<String> eventIds, String reason) {
    Objects.requireNonNull(eventIds, "eventIds");
    Objects.requireNonNull(reason, "reason");
    Map<String, String> more = new LinkedHashMap<>(deadLetters);
    eventIds.forEach(id -> more.put(Objects.requireNonNull(id, "eventId"), reason));
    return new BatchResult(failedEventIds, more, failureReasons);
  }

  /** This result, with {@code eventIds} also failed (retried). */
  public BatchResult andFailed(Collection<String> eventIds) {
    Objects.requireNonNull(eventIds, "eventIds");
    List<String> more = new ArrayList<>(failedEventIds);
    more.addAll(eventIds);
    return new BatchResult(more, deadLetters, failureReasons);
  }

  /** True when every event of the batch is done. */
  public boolean isSuccess() {
    return failedEventIds.isEmpty() && deadLetters.isEmpty();
  }
}

package dev.tributary.worker.replay;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.pipeline.HandlerSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A sink idempotent on eventID, shared by every handler instance made for it (runners and replays
 * make their own): it keeps every delivery in order, the set of applied eventIDs, and the state the
 * applied events produce per item key (an INSERT or MODIFY puts the new image, a REMOVE deletes).
 */
final class RecordingSink {
  private final boolean snapshots;
  private final List<ChangeEvent> deliveries = new ArrayList<>();
  private final Set<String> applied = new HashSet<>();
  private final Map<String, Map<String, AttributeValue>> state = new HashMap<>();
  private final Map<String, Integer> appliedTimes = new HashMap<>();

  RecordingSink(boolean snapshots) {
    this.snapshots = snapshots;
  }

  HandlerSpec spec() {
    Supplier<ChangeHandler> factory = Handler::new;
    return HandlerSpec.of(factory);
  }

  synchronized List<ChangeEvent> deliveries() {
    return List.copyOf(deliveries);
  }

  synchronized Map<String, Map<String, AttributeValue>> state() {
    return Map.copyOf(state);
  }

  synchronized Set<String> applied() {
    return Set.copyOf(applied);
  }

  /** EventIDs that were applied more than once (never, for a sink idempotent on eventID). */
  synchronized Map<String, Integer> appliedTimes() {
    return Map.copyOf(appliedTimes);
  }

  private synchronized void take(List<ChangeEvent> batch) {
    for (ChangeEvent e : batch) {
      deliveries.add(e);
      if (!applied.add(e.eventId())) {
        continue;
      }
      appliedTimes.merge(e.eventId(), 1, Integer::sum);
      String key = keyOf(e);
      if (e.eventName() == EventName.REMOVE) {
        state.remove(key);
      } else {
        state.put(key, e.dynamodb().newImage().orElseThrow());
      }
    }
  }

  static String keyOf(ChangeEvent e) {
    return ((AttributeValue.S) e.dynamodb().keys().get("id")).value();
  }

  private final class Handler implements ChangeHandler {
    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      take(batch);
      return BatchResult.success();
    }

    @Override
    public boolean wantsSnapshotEvents() {
      return snapshots;
    }

    @Override
    public boolean idempotent() {
      return true;
    }
  }
}

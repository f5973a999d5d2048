package dev.tributary.core.pipeline;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording handler for one lane: every delivery in order, and how often each eventID was applied
 * (an idempotent sink applies it once; the rest are deduplicated redeliveries).
 */
final class LaneRecorder {
  record Delivery(String key, long seq, String eventId) {}

  final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
  final Map<String, AtomicInteger> applied = new ConcurrentHashMap<>();

  ChangeHandler handler() {
    return new ChangeHandler() {
      @Override
      public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
        for (ChangeEvent e : batch) {
          deliveries.add(new Delivery(OrderStream.keyOf(e), OrderStream.seqOf(e), e.eventId()));
          applied.computeIfAbsent(e.eventId(), k -> new AtomicInteger()).incrementAndGet();
        }
        return BatchResult.success();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }

  long redeliveries() {
    return applied.values().stream().mapToLong(c -> c.get() - 1).sum();
  }

  /**
   * Per-key order: each key's events were first applied in sequence order, and the last delivery of
   * each (what a non-idempotent sink ends with) is in sequence order too.
   */
  List<String> orderViolations() {
    List<Delivery> all;
    synchronized (deliveries) {
      all = new ArrayList<>(deliveries);
    }
    List<String> problems = new ArrayList<>();
    Map<String, Long> firstMax = new HashMap<>();
    Set<String> seen = new HashSet<>();
    Map<String, Integer> lastAt = new HashMap<>();
    for (int i = 0; i < all.size(); i++) {
      Delivery d = all.get(i);
      if (seen.add(d.eventId())) {
        long max = firstMax.getOrDefault(d.key(), -1L);
        if (d.seq() < max) {
          problems.add(d.eventId() + " first applied after seq " + max + " of " + d.key());
        }
        firstMax.put(d.key(), Math.max(max, d.seq()));
      }
      lastAt.put(d.eventId(), i);
    }
    Map<String, List<Delivery>> byKey = new HashMap<>();
    for (Delivery d : all) {
      byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d);
    }
    byKey.forEach(
        (key, ds) -> {
          List<String> ids = ds.stream().map(Delivery::eventId).distinct().sorted().toList();
          int prev = -1;
          for (String id : ids) { // eventIDs sort by sequence (zero-padded)
            int at = lastAt.get(id);
            if (at < prev) {
              problems.add(id + " last applied before an earlier event of " + key);
            }
            prev = at;
          }
        });
    return problems;
  }
}

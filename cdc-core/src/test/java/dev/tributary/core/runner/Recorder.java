package dev.tributary.core.runner;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test events and an idempotent ledger handler: records every delivery in order and the set of
 * applied eventIDs (a second application of an eventID counts as a deduplicated redelivery).
 */
final class Recorder {
  record Delivery(String key, int seq, String eventId, int partition, long offset, long nanos) {}

  final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());
  final Map<String, AtomicInteger> ledger = new ConcurrentHashMap<>();

  static ChangeEvent event(String key, int seq) {
    Map<String, AttributeValue> keys = Item.key("pk", key);
    Map<String, AttributeValue> image = Item.builder().s("pk", key).n("seq", seq).build();
    return new ChangeEvent(
        key + "#" + seq,
        seq == 0 ? EventName.INSERT : EventName.MODIFY,
        "1.1",
        "aws:dynamodb",
        "local",
        "arn:aws:dynamodb:local:0:table/T/stream/x",
        new StreamRecord(
            keys,
            Optional.of(image),
            Optional.empty(),
            String.format("%021d", seq),
            10,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.now()),
        Optional.empty(),
        false);
  }

  static String keyOf(ChangeEvent e) {
    return e.eventId().substring(0, e.eventId().indexOf('#'));
  }

  static int seqOf(ChangeEvent e) {
    return Integer.parseInt(e.eventId().substring(e.eventId().indexOf('#') + 1));
  }

  ChangeHandler handler() {
    return new ChangeHandler() {
      @Override
      public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
        long offset = context.firstOffset();
        for (ChangeEvent e : batch) {
          deliveries.add(
              new Delivery(
                  keyOf(e),
                  seqOf(e),
                  e.eventId(),
                  context.partition(),
                  offset++,
                  System.nanoTime()));
          ledger.computeIfAbsent(e.eventId(), k -> new AtomicInteger()).incrementAndGet();
        }
        return BatchResult.success();
      }

      @Override
      public boolean idempotent() {
        return true;
      }
    };
  }

  /** Applications beyond the first of each eventID. */
  long duplicates() {
    return ledger.values().stream().mapToLong(c -> c.get() - 1).sum();
  }

  /**
   * Per-key order: every key's events were first applied in sequence order, and the last
   * application of each (what the sink ends with) is in sequence order too.
   */
  List<String> orderViolations() {
    List<String> all = new ArrayList<>(violations(true));
    all.addAll(violations(false));
    return all;
  }

  /**
   * {@code first}: events first applied out of key order. Else: events whose last application is
   * out of key order (what a non-idempotent sink ends with).
   */
  List<String> violations(boolean first) {
    Map<String, Integer> firstMax = new HashMap<>();
    Map<String, Map<Integer, Integer>> last = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    List<Delivery> all;
    synchronized (deliveries) {
      all = new ArrayList<>(deliveries);
    }
    for (int i = 0; i < all.size(); i++) {
      Delivery d = all.get(i);
      if (seen.add(d.eventId())) {
        int max = firstMax.getOrDefault(d.key(), -1);
        if (first && d.seq() < max) {
          problems.add(d.eventId() + " first applied after " + d.key() + "#" + max);
        }
        firstMax.put(d.key(), Math.max(max, d.seq()));
      }
      last.computeIfAbsent(d.key(), k -> new HashMap<>()).put(d.seq(), i);
    }
    last.forEach(
        (key, bySeq) -> {
          int prev = -1;
          for (int seq : new TreeSet<>(bySeq.keySet())) {
            int at = bySeq.get(seq);
            if (!first && at < prev) {
              problems.add(key + "#" + seq + " last applied before an earlier event");
            }
            prev = at;
          }
        });
    return problems;
  }
}

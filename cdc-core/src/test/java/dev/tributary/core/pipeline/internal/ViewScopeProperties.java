package dev.tributary.core.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.pipeline.ImagePredicate;
import dev.tributary.core.pipeline.Images;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A reader that applies the view's events to a replica (INSERT and MODIFY put, REMOVE deletes)
 * always holds exactly the table's items that are in the view, and is never told of an INSERT for
 * an item it has, or a MODIFY or REMOVE for one it lacks.
 */
class ViewScopeProperties {
  private static final ImagePredicate VIEW = Images.attr("status").in(s("PENDING"), s("PAID"));

  /** One write: an item id and its new status, or empty for a delete. */
  record Write(int id, Optional<String> status) {}

  @Provide
  Arbitrary<List<Write>> writes() {
    Arbitrary<Optional<String>> status =
        Arbitraries.of("DRAFT", "PENDING", "PAID", "SHIPPED").optional(0.8);
    return Combinators.combine(Arbitraries.integers().between(0, 3), status)
        .as(Write::new)
        .list()
        .ofMaxSize(60);
  }

  @Property(tries = 300)
  void shouldKeepAReplicaOfTheViewExact(@ForAll("writes") List<Write> writes) {
    Map<Integer, Map<String, AttributeValue>> table = new HashMap<>();
    Map<Integer, Map<String, AttributeValue>> replica = new HashMap<>();
    long sequence = 0;
    for (Write w : writes) {
      Map<String, AttributeValue> before = table.get(w.id());
      Map<String, AttributeValue> after = w.status().map(st -> item(w.id(), st)).orElse(null);
      if (before == null && after == null) {
        continue; // deleting a missing item writes no change record
      }
      if (after == null) {
        table.remove(w.id());
      } else {
        table.put(w.id(), after);
      }
      ChangeEvent change = event(w.id(), ++sequence, before, after);
      Optional<ChangeEvent> seen = ViewScope.apply(VIEW, change);
      if (seen.isEmpty()) {
        continue;
      }
      ChangeEvent e = seen.get();
      switch (e.eventName()) {
        case INSERT -> {
          assertThat(replica).doesNotContainKey(w.id());
          assertThat(e.dynamodb().oldImage()).isEmpty();
          replica.put(w.id(), e.dynamodb().newImage().orElseThrow());
        }
        case MODIFY -> {
          assertThat(replica).containsEntry(w.id(), e.dynamodb().oldImage().orElseThrow());
          replica.put(w.id(), e.dynamodb().newImage().orElseThrow());
        }
        case REMOVE -> {
          assertThat(e.dynamodb().newImage()).isEmpty();
          assertThat(replica.remove(w.id())).isEqualTo(e.dynamodb().oldImage().orElseThrow());
        }
      }
    }
    Map<Integer, Map<String, AttributeValue>> inView = new HashMap<>();
    table.forEach(
        (id, item) -> {
          if (VIEW.test(item)) {
            inView.put(id, item);
          }
        });
    assertThat(replica).isEqualTo(inView);
  }

  private static AttributeValue s(String v) {
    return AttributeValue.s(v);
  }

  private static Map<String, AttributeValue> item(int id, String status) {
    return Map.of("id", AttributeValue.n(id), "status", s(status));
  }

  private static ChangeEvent event(
      int id,
      long sequence,
      Map<String, AttributeValue> before,
      Map<String, AttributeValue> after) {
    EventName name =
        before == null ? EventName.INSERT : after == null ? EventName.REMOVE : EventName.MODIFY;
    return new ChangeEvent(
        "e" + sequence,
        name,
        "1.1",
        "aws:dynamodb",
        "local",
        "arn:aws:dynamodb:local:0:table/T/stream/x",
        new StreamRecord(
            Map.of("id", AttributeValue.n(id)),
            Optional.ofNullable(after),
            Optional.ofNullable(before),
            Long.toString(sequence),
            10,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.EPOCH),
        Optional.empty(),
        false);
  }
}

package dev.tributary.core.pipeline;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.UserIdentity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Concise change events for tests: {@code TestEvents.on("Orders").pk("PK",
 * "USER#1").seq(3).insert(item)}.
 */
final class TestEvents {
  private final String table;
  private final Map<String, AttributeValue> keys = new LinkedHashMap<>();
  private long sequence = 1;
  private boolean snapshot;
  private Optional<UserIdentity> identity = Optional.empty();

  private TestEvents(String table) {
    this.table = table;
  }

  static TestEvents on(String table) {
    return new TestEvents(table);
  }

  TestEvents pk(String name, String value) {
    keys.put(name, AttributeValue.s(value));
    return this;
  }

  TestEvents sk(String name, String value) {
    keys.put(name, AttributeValue.s(value));
    return this;
  }

  TestEvents seq(long sequence) {
    this.sequence = sequence;
    return this;
  }

  TestEvents snapshot() {
    this.snapshot = true;
    return this;
  }

  TestEvents ttl() {
    this.identity = Optional.of(UserIdentity.TTL_SERVICE);
    return this;
  }

  ChangeEvent insert(Map<String, AttributeValue> newImage) {
    return event(EventName.INSERT, Optional.of(withKeys(newImage)), Optional.empty());
  }

  ChangeEvent modify(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
    return event(
        EventName.MODIFY, Optional.of(withKeys(newImage)), Optional.of(withKeys(oldImage)));
  }

  ChangeEvent remove(Map<String, AttributeValue> oldImage) {
    return event(EventName.REMOVE, Optional.empty(), Optional.of(withKeys(oldImage)));
  }

  /** The record key the relay uses: the partition key (the first key attribute). */
  String partitionKey() {
    return ((AttributeValue.S) keys.values().iterator().next()).value();
  }

  private Map<String, AttributeValue> withKeys(Map<String, AttributeValue> image) {
    Map<String, AttributeValue> out = new LinkedHashMap<>(keys);
    out.putAll(image);
    return out;
  }

  private ChangeEvent event(
      EventName name,
      Optional<Map<String, AttributeValue>> newImage,
      Optional<Map<String, AttributeValue>> oldImage) {
    if (keys.isEmpty()) {
      keys.put("id", AttributeValue.s("item-1"));
    }
    String seq = String.format("%021d", sequence);
    return new ChangeEvent(
        table + "-" + seq,
        name,
        "1.1",
        "aws:dynamodb",
        "local",
        "arn:aws:dynamodb:local:000000000000:table/" + table + "/stream/2026-01-01T00:00:00.000",
        new StreamRecord(
            new LinkedHashMap<>(keys),
            newImage,
            oldImage,
            seq,
            100,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(sequence)),
        identity,
        snapshot);
  }
}

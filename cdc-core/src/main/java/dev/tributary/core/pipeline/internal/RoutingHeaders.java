package dev.tributary.core.pipeline.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a change record's routing headers ({@link ChangeEventSerde#addRoutingHeaders}) say: name,
 * sequence and snapshot flag, read without parsing the value. Empty when any is missing or
 * malformed; the record is then parsed. The sequence is in canonical decimal form (see {@link
 * LastSequences#canonicalDecimal}).
 */
record RoutingHeaders(EventName eventName, String sequence, boolean snapshot) {

  static Optional<RoutingHeaders> of(Headers headers) {
    String name = text(headers, ChangeEventSerde.HEADER_EVENT_NAME);
    String sequence = text(headers, ChangeEventSerde.HEADER_SEQUENCE);
    String snapshot = text(headers, ChangeEventSerde.HEADER_SNAPSHOT);
    if (name == null || sequence == null || snapshot == null) {
      return Optional.empty();
    }
    EventName eventName =
        switch (name) {
          case "INSERT" -> EventName.INSERT;
          case "MODIFY" -> EventName.MODIFY;
          case "REMOVE" -> EventName.REMOVE;
          default -> null;
        };
    String canonical = LastSequences.canonicalDecimal(sequence);
    if (eventName == null
        || canonical == null
        || !(snapshot.equals("true") || snapshot.equals("false"))) {
      return Optional.empty();
    }
    return Optional.of(new RoutingHeaders(eventName, canonical, snapshot.equals("true")));
  }

  /**
   * An event carrying only the name and snapshot flag (no keys, no images, no sequence), for
   * predicates that look at nothing else ({@link EventPredicates#decidedByRoutingHeaders}).
   */
  ChangeEvent stub() {
    return STUBS[eventName.ordinal() * 2 + (snapshot ? 1 : 0)];
  }

  private static final ChangeEvent[] STUBS = stubs();

  private static ChangeEvent[] stubs() {
    ChangeEvent[] out = new ChangeEvent[EventName.values().length * 2];
    for (EventName name : EventName.values()) {
      for (boolean snapshot : new boolean[] {false, true}) {
        out[name.ordinal() * 2 + (snapshot ? 1 : 0)] =
            new ChangeEvent(
                "routing-headers",
                name,
                "1.1",
                "",
                "",
                "",
                new StreamRecord(
                    Map.of(),
                    Optional.empty(),
                    Optional.empty(),
                    "0",
                    0,
                    StreamViewType.KEYS_ONLY,
                    Instant.EPOCH),
                Optional.empty(),
                snapshot);
      }
    }
    return out;
  }

  private static String text(Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}

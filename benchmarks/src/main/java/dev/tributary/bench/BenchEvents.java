package dev.tributary.bench;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The benchmark's change events: MODIFYs of an order item over a fixed key space, table-wide
 * increasing sequence numbers, and the send time ({@code System.nanoTime()}) in the new image's
 * {@code sentNanos}, so the receiving end measures write-to-handler latency in the same JVM.
 */
final class BenchEvents {
  static final String TABLE = "Bench";
  static final String SENT = "sentNanos";
  private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Bench/stream/x";

  private final int keys;
  private long sequence;

  BenchEvents(int keys) {
    this.keys = keys;
  }

  /** The next event as a record for {@code topic}, stamped now. */
  ProducerRecord<byte[], byte[]> next(String topic) {
    long seq = ++sequence;
    String key = "order-" + (seq % keys);
    long now = System.nanoTime();
    var oldImage =
        Item.builder()
            .s("pk", key)
            .s("status", "PAID")
            .n("total", 4200)
            .n("version", seq - 1)
            .build();
    var newImage =
        Item.builder()
            .s("pk", key)
            .s("status", "SHIPPED")
            .n("total", 4200)
            .n("version", seq)
            .n(SENT, now)
            .build();
    String sequenceNumber = String.format("%021d", seq);
    ChangeEvent e =
        new ChangeEvent(
            "Bench-" + sequenceNumber,
            EventName.MODIFY,
            "1.1",
            "aws:dynamodb",
            "us-east-1",
            ARN,
            new StreamRecord(
                Item.key("pk", key),
                Optional.of(newImage),
                Optional.of(oldImage),
                sequenceNumber,
                120,
                StreamViewType.NEW_AND_OLD_IMAGES,
                Instant.now()),
            Optional.empty(),
            false);
    RecordHeaders h = new RecordHeaders();
    // The routing headers a source writes (ChangeEventSerde.addRoutingHeaders), spelled out so this
    // class also runs against builds from before that method, for side-by-side comparisons.
    h.add(ChangeEventSerde.HEADER_EVENT_NAME, "MODIFY".getBytes(StandardCharsets.UTF_8));
    h.add(ChangeEventSerde.HEADER_TABLE, TABLE.getBytes(StandardCharsets.UTF_8));
    h.add(ChangeEventSerde.HEADER_SEQUENCE, sequenceNumber.getBytes(StandardCharsets.UTF_8));
    h.add(ChangeEventSerde.HEADER_SNAPSHOT, "false".getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic, null, null, key.getBytes(StandardCharsets.UTF_8), ChangeEventSerde.toBytes(e), h);
  }

  /** When the event was sent, from its new image. */
  static long sentNanos(ChangeEvent e) {
    AttributeValue v = e.dynamodb().newImage().orElseThrow().get(SENT);
    return ((AttributeValue.N) v).value().longValueExact();
  }
}

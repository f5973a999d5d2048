package dev.tributary.core.pipeline;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.ChangeEventSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A seeded stream of order changes on table {@code Orders}, as a relay writes them: every key is
 * inserted, modified (status changes or not), removed and re-inserted, with table-wide increasing
 * sequence numbers. It knows which events the acceptance pipeline routes to each handler, computed
 * from how it made them, not by the DSL under test.
 */
final class OrderStream {
  static final String TABLE = "Orders";
  static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/x";
  static final List<String> HANDLERS = List.of("email", "search", "archive");
  private static final String[] STATUSES = {"NEW", "PAID", "PACKED", "SHIPPED"};

  /** One generated event and the handler that must receive it, if any. */
  record Change(String key, long seq, ChangeEvent event, Optional<String> handler) {
    String eventId() {
      return event.eventId();
    }
  }

  final List<Change> changes;

  private OrderStream(List<Change> changes) {
    this.changes = List.copyOf(changes);
  }

  /** {@code events} changes over {@code keys} keys, interleaved at random, in per-key order. */
  static OrderStream generate(int events, int keys, long seed) {
    Random rnd = new Random(seed);
    Map<String, String> status = new HashMap<>(); // current status of existing items
    Map<String, Long> version = new HashMap<>();
    List<Change> out = new ArrayList<>(events);
    for (long seq = 1; seq <= events; seq++) {
      String key = "order-" + rnd.nextInt(keys);
      long v = version.merge(key, 1L, Long::sum);
      String old = status.get(key);
      ChangeEvent e;
      String handler = null;
      if (old == null) {
        String now = STATUSES[rnd.nextInt(STATUSES.length)];
        e = event(key, seq, EventName.INSERT, null, image(key, now, v));
        status.put(key, now);
        handler = "email";
      } else if (rnd.nextInt(10) == 0) {
        e = event(key, seq, EventName.REMOVE, image(key, old, v - 1), null);
        status.remove(key);
        handler = "archive";
      } else {
        String now = rnd.nextBoolean() ? STATUSES[rnd.nextInt(STATUSES.length)] : old;
        e = event(key, seq, EventName.MODIFY, image(key, old, v - 1), image(key, now, v));
        status.put(key, now);
        handler = now.equals(old) ? null : "search";
      }
      out.add(new Change(key, seq, e, Optional.ofNullable(handler)));
    }
    return new OrderStream(out);
  }

  /** The acceptance pipeline: welcome e-mails on INSERT, index status changes, archive REMOVEs. */
  static Pipeline pipeline(String name, Map<String, Supplier<? extends ChangeHandler>> handlers) {
    return pipeline(name, handlers, Batching.of(200, Duration.ofMillis(50)));
  }

  static Pipeline pipeline(
      String name, Map<String, Supplier<? extends ChangeHandler>> handlers, Batching batching) {
    RetryPolicy retry =
        RetryPolicy.attempts(5).withBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 2);
    return Pipeline.builder(name)
        .source(TABLE)
        .route("email", Routes.onInsert(), spec(handlers.get("email"), batching, retry))
        .route(
            "search",
            Events.modifies().and(Events.changed("status")),
            spec(handlers.get("search"), batching, retry))
        .route("archive", Routes.onRemove(), spec(handlers.get("archive"), batching, retry))
        .build();
  }

  private static HandlerSpec spec(
      Supplier<? extends ChangeHandler> h, Batching batching, RetryPolicy retry) {
    return HandlerSpec.of(h)
        .batching(batching)
        .retry(retry)
        .bisectOnFailure(true)
        .isolateFailingKeys(true);
  }

  /** The eventIDs routed to {@code handler}, in input order. */
  Set<String> routedTo(String handler) {
    Set<String> out = new LinkedHashSet<>();
    changes.stream()
        .filter(c -> c.handler().filter(handler::equals).isPresent())
        .forEach(c -> out.add(c.eventId()));
    return out;
  }

  /** Produces every change to the table's change topic: key = partition key, value = event. */
  void produce(String bootstrapServers) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    // The default idempotent producer, on purpose: it is what a relay uses.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    ChangeEventSerde serde = new ChangeEventSerde();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (Change c : changes) {
        RecordHeaders h = new RecordHeaders();
        ChangeEventSerde.addRoutingHeaders(h, c.event(), TABLE);
        producer.send(
            new ProducerRecord<>(
                Topics.changeTopic(TABLE),
                null,
                null,
                bytes(c.key()),
                serde.serializer().serialize(null, c.event()),
                h));
      }
      producer.flush();
    }
  }

  static String eventId(long seq) {
    return "Orders-" + String.format("%021d", seq);
  }

  static long seqOf(ChangeEvent e) {
    return Long.parseLong(e.dynamodb().sequenceNumber());
  }

  static String keyOf(ChangeEvent e) {
    return ((AttributeValue.S) e.dynamodb().keys().get("pk")).value();
  }

  private static Map<String, AttributeValue> image(String key, String status, long version) {
    return Item.builder().s("pk", key).s("status", status).n("version", version).build();
  }

  private static ChangeEvent event(
      String key,
      long seq,
      EventName name,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {
    String sequence = String.format("%021d", seq);
    return new ChangeEvent(
        eventId(seq),
        name,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        ARN,
        new StreamRecord(
            Item.key("pk", key),
            Optional.ofNullable(newImage),
            Optional.ofNullable(oldImage),
            sequence,
            60,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.ofEpochSecond(1_767_225_600L + seq)),
        Optional.empty(),
        false);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

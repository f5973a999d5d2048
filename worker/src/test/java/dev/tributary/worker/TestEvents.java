package dev.tributary.worker;

import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Change events of an Orders table, written to its change topic as a source would. */
final class TestEvents {
  static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/test";

  private TestEvents() {}

  static ChangeEvent insert(String customer, long seq) {
    var image =
        Item.builder().s("customerId", customer).n("seq", seq).s("status", "PENDING").build();
    return new ChangeEvent(
        "Orders-" + String.format("%021d", seq),
        EventName.INSERT,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        ARN,
        new StreamRecord(
            Item.key("customerId", customer),
            Optional.of(image),
            Optional.empty(),
            String.format("%021d", seq),
            60,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.ofEpochSecond(1_767_225_600L + seq)),
        Optional.empty(),
        false);
  }

  /** Writes the events to {@code topic}, keyed by partition key as the relay keys them. */
  static void publish(String bootstrap, String topic, List<ChangeEvent> events) {
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (ChangeEvent e : events) {
        byte[] key =
            AttributeValueJson.toJson(e.dynamodb().keys().values().iterator().next())
                .getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> r =
            new ProducerRecord<>(
                topic, key, ChangeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8));
        r.headers()
            .add("tributary.eventName", e.eventName().name().getBytes(StandardCharsets.UTF_8));
        r.headers().add("tributary.table", "Orders".getBytes(StandardCharsets.UTF_8));
        p.send(r);
      }
      p.flush();
    }
  }
}

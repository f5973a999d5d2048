package dev.tributary.handlers.sink;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces each event's Lambda-shaped JSON to a Kafka topic ({@code type: kafka}) with an
 * idempotent producer ({@code acks=all}); a batch succeeds once every record is acknowledged.
 *
 * <p>Record key: the JSON of the key attribute named by {@code key-attribute} (as change topics key
 * by the partition key), else of all the event's keys. Headers: {@code eventName}, {@code table}
 * (from the stream ARN) and {@code eventID}. Delivery is at least once: the sink's producer is not
 * part of the runner's transaction, so after a crash between the send and the commit the batch is
 * produced again; consumers dedupe on the {@code eventID} header.
 */
public final class KafkaSink implements ChangeHandler {
  private final String bootstrapServers;
  private final String topic;
  private final Optional<String> keyAttribute;
  private final Duration timeout;
  private final Map<String, Object> extra;
  private KafkaProducer<byte[], byte[]> producer;

  private KafkaSink(
      String bootstrapServers,
      String topic,
      Optional<String> keyAttribute,
      Duration timeout,
      Map<String, Object> extra) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.keyAttribute = keyAttribute;
    this.timeout = timeout;
    this.extra = Map.copyOf(extra);
  }

  /**
   * A sink to {@code topic} on {@code bootstrapServers}; {@code keyAttribute} empty keys by all key
   * attributes; {@code producerConfig} adds or overrides Kafka producer settings.
   */
  public static KafkaSink of(
      String bootstrapServers,
      String topic,
      Optional<String> keyAttribute,
      Duration timeout,
      Map<String, ?> producerConfig) {
    if (Objects.requireNonNull(bootstrapServers, "bootstrapServers").isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (!Objects.requireNonNull(topic, "topic").matches("[a-zA-Z0-9._-]{1,249}")) {
      throw new IllegalArgumentException("topic '" + topic + "' is not a valid Kafka topic name");
    }
    return new KafkaSink(
        bootstrapServers,
        topic,
        Objects.requireNonNull(keyAttribute, "keyAttribute"),
        Objects.requireNonNull(timeout, "timeout"),
        new HashMap<>(Objects.requireNonNull(producerConfig, "producerConfig")));
  }

  @Override
  public void open(HandlerContext context) {
    producer();
  }

  private synchronized KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      Map<String, Object> p = new HashMap<>();
      p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() + 5));
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
      p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
      p.putAll(extra);
      producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  byte[] key(ChangeEvent e) {
    Map<String, AttributeValue> keys = e.dynamodb().keys();
    AttributeValue pk = keyAttribute.map(keys::get).orElse(null);
    String s = pk != null ? AttributeValueJson.toJson(pk) : AttributeValueJson.itemToJson(keys);
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String table(ChangeEvent e) {
    String arn = e.eventSourceArn();
    int i = arn == null ? -1 : arn.indexOf(":table/");
    if (i < 0) {
      return "";
    }
    String rest = arn.substring(i + 7);
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
    KafkaProducer<byte[], byte[]> p = producer();
    List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
    for (ChangeEvent e : batch) {
      RecordHeaders h = new RecordHeaders();
      h.add("eventName", e.eventName().name().getBytes(StandardCharsets.UTF_8));
      h.add("table", table(e).getBytes(StandardCharsets.UTF_8));
      h.add("eventID", e.eventId().getBytes(StandardCharsets.UTF_8));
      sent.add(
          p.send(
              new ProducerRecord<>(
                  topic,
                  null,
                  null,
                  key(e),
                  ChangeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8),
                  h)));
    }
    p.flush();
    for (Future<RecordMetadata> f : sent) {
      f.get(); // an error throws: the runner retries the whole batch
    }
    return BatchResult.success();
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(10));
      producer = null;
    }
  }
}

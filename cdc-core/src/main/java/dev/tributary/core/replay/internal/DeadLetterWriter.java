package dev.tributary.core.replay.internal;

import dev.tributary.core.RetriableException;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import dev.tributary.core.kafka.internal.DeadLetterRecords;
import dev.tributary.core.replay.HistoryRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the events a replay gives up on to the lane's dead-letter topic, with the runners' headers
 * plus {@value #REPLAY_HEADER}, and waits for each to be acknowledged before delivery goes on.
 */
public final class DeadLetterWriter implements AutoCloseable {
  /** Marks a dead letter written by a replay or backfill rather than by a runner. */
  public static final String REPLAY_HEADER = "tributary.replay";

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<Future<RecordMetadata>> sent = new ArrayList<>();
  private final Map<String, Object> clientConfig;
  private boolean topicChecked;

  public DeadLetterWriter(Map<String, ?> clientConfig, String topic) {
    this.topic = topic;
    this.clientConfig = new HashMap<>(clientConfig);
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
    this.producer = new KafkaProducer<>(c, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public void send(
      HistoryRecord r, byte[] value, Throwable error, int attempts, long firstFailureMillis) {
    if (!topicChecked) {
      ensureTopic();
      topicChecked = true;
    }
    RecordHeaders headers = new RecordHeaders();
    DeadLetterRecords.describe(
        headers, error, attempts, firstFailureMillis, r.source(), r.partition(), r.offset());
    DeadLetterRecords.set(headers, REPLAY_HEADER, "true");
    sent.add(producer.send(new ProducerRecord<>(topic, null, null, r.key(), value, headers)));
  }

  /** As the runners do: the broker's defaults, unless it exists (then, or on failure, go on). */
  private void ensureTopic() {
    try (Admin admin =
        Admin.create(clientConfig)) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(
                      topic, Optional.empty(), Optional.empty())))
          .all()
          .get();
    } catch (ExecutionException e) {
      // It exists, or cannot be created here: the send below names the real problem, if any.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every dead letter sent so far is acknowledged. */
  public void await() {
    try {
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new RetriableException(
          "Cannot write to dead-letter topic " + topic + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException(
          "Interrupted writing to dead-letter topic " + topic, e);
    } finally {
      sent.clear();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

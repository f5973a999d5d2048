package dev.tributary.core.replay.internal;

import dev.tributary.core.RetriableException;
import dev.tributary.core.kafka.internal.DeadLetterRecords;
import dev.tributary.core.runner.internal.ClientSetup;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the dead letters of a replay (made by the runners' delivery, with their headers) to the
 * lane's dead-letter topic, adding {@value #REPLAY_HEADER}, and waits for each to be acknowledged
 * before delivery goes on. Not in a transaction: a replay commits no offsets.
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

  /**
   * Sends {@code letter} (to this writer's topic) marked as a replay's; {@link #await} waits for
   * it.
   */
  public void send(ProducerRecord<byte[], byte[]> letter) {
    if (!topicChecked) {
      ClientSetup.ensureTopic(clientConfig, topic); // as the runners do
      topicChecked = true;
    }
    DeadLetterRecords.set(letter.headers(), REPLAY_HEADER, "true");
    sent.add(producer.send(letter));
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
      throw new RetriableException("Interrupted writing to dead-letter topic " + topic, e);
    } finally {
      sent.clear();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}

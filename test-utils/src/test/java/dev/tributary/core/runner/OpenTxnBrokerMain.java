package dev.tributary.core.runner;

import dev.tributary.core.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Child process of {@link OpenTransactionAfterCrashIT}: an embedded broker and, in the same JVM, a
 * transactional producer that leaves a transaction with offsets for a group open, as a runner
 * killed between {@code sendOffsetsToTransaction} and {@code commitTransaction} does. Prints {@link
 * #READY} and waits to be killed.
 */
public final class OpenTxnBrokerMain {
  static final String READY = "OPEN-TRANSACTION-READY";

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String topic = args[1];
    String group = args[2];
    String txId = args[3];
    EmbeddedKafka kafka = EmbeddedKafka.start(dir);
    kafka.createTopic(topic, 2);
    Map<String, Object> p = new HashMap<>(kafka.clientConfig());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.parseInt(args[4]));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p);
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c);
    producer.initTransactions();
    for (int i = 0; i < 3; i++) {
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {(byte) i}));
      producer.send(new ProducerRecord<>(topic, 1, null, new byte[] {(byte) i}));
      producer.commitTransaction();
    }
    consumer.subscribe(List.of(topic));
    long until = System.currentTimeMillis() + 30_000;
    while (consumer.assignment().isEmpty() && System.currentTimeMillis() < until) {
      consumer.poll(Duration.ofMillis(100));
    }
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {9}));
    producer.sendOffsetsToTransaction(
        Map.of(
            new TopicPartition(topic, 0),
            new OffsetAndMetadata(2),
            new TopicPartition(topic, 1),
            new OffsetAndMetadata(2)),
        consumer.groupMetadata());
    producer.flush();
    Thread.sleep(1_000);
    System.out.println(READY);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}

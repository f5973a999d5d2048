package dev.tributary.connectors.internal;

import dev.tributary.core.FatalException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transactional producer with a fixed {@code transactional.id}: opening it fences any older
 * instance with the same id and completes that instance's open transaction, so what a crashed
 * connector left half-written is aborted before the new one reads its checkpoints. A transaction is
 * begun lazily by the first {@link #send}; {@link #commit} flushes and reports the first send
 * failure.
 */
public final class TransactionalPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransactionalPublisher.class);

  private final Map<String, Object> config;
  private final String transactionalId;
  private KafkaProducer<byte[], byte[]> producer;
  private boolean inTransaction;
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  public TransactionalPublisher(Map<String, Object> clientConfig, String transactionalId) {
    Map<String, Object> p = new HashMap<>(clientConfig);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
    // A wedged send fails the transaction within half a minute; the relay then starts over.
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    // With several requests in flight, the first batches of a partition in a transaction can be
    // answered OUT_OF_ORDER_SEQUENCE by a broker that has not registered the partition yet, and
    // are retried after back-offs; one in flight avoids that and costs little (a commit per batch).
    p.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    this.config = p;
    this.transactionalId = transactionalId;
  }

  /** (Re)creates the producer and runs {@code initTransactions()}, fencing older instances. */
  public void open() {
    closeProducer(Duration.ZERO);
    producer = new KafkaProducer<>(config);
    producer.initTransactions();
    inTransaction = false;
    sendFailure.set(null);
  }

  public boolean inTransaction() {
    return inTransaction;
  }

  public void send(ProducerRecord<byte[], byte[]> record) {
    if (!inTransaction) {
      producer.beginTransaction();
      inTransaction = true;
    }
    producer.send(
        record,
        (metadata, e) -> {
          if (e != null) {
            sendFailure.compareAndSet(null, e);
          }
        });
  }

  /** Commits the open transaction (if any); throws if any of its sends failed. */
  public void commit() {
    if (!inTransaction) {
      return;
    }
    producer.flush();
    Exception failed = sendFailure.get();
    if (failed != null) {
      throw new KafkaException(
          "A send of transaction " + transactionalId + " failed: " + failed, failed);
    }
    producer.commitTransaction();
    inTransaction = false;
  }

  /**
   * True for failures a new producer cannot fix: another instance with this transactional id took
   * over (an old-epoch answer means just that here: our transactions are far shorter than the
   * transaction timeout, so the coordinator never bumps the epoch on its own; reconnecting would
   * fence the newer instance in turn and the two would take turns), or the cluster refuses us. An
   * invalid-transaction-state answer means the same: a newer instance's initTransactions aborted
   * the transaction we are committing.
   */
  public static boolean isFatal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ProducerFencedException
          || t instanceof InvalidProducerEpochException
          || t instanceof InvalidTxnStateException
          || t instanceof AuthorizationException
          || t instanceof UnsupportedVersionException
          || t instanceof InvalidConfigurationException) {
        return true;
      }
    }
    return false;
  }

  /** Fails with a message that says what to do when {@link #isFatal} holds. */
  public FatalException fatal(Throwable e) {
    return new FatalException(
        "Transactional producer "
            + transactionalId
            + " cannot go on (another instance with the same"
            + " id running, or the cluster refuses transactions): "
            + e,
        e);
  }

  /**
   * After a failure that is not {@link #isFatal}, aborts the open transaction with the same
   * producer, so this instance keeps its epoch and does not fence a newer instance that took over
   * meanwhile (a new producer's {@code initTransactions()} would). Returns true when the producer
   * can go on; false when it is unusable and must be {@link #discard discarded} and reopened.
   * Throws {@link #fatal} when the abort is answered with fencing: another instance owns the id.
   */
  public boolean recover() {
    if (producer == null) {
      return false;
    }
    try {
      if (inTransaction) {
        producer.abortTransaction();
      }
      inTransaction = false;
      sendFailure.set(null);
      return true;
    } catch (RuntimeException e) {
      if (isFatal(e)) {
        throw fatal(e);
      }
      log.debug(
          "Aborting the transaction of {} failed; a new producer is needed", transactionalId, e);
      return false;
    }
  }

  /** Drops the producer after a failure; the next {@link #open} aborts what it left open. */
  public void discard() {
    closeProducer(Duration.ZERO);
  }

  private void closeProducer(Duration timeout) {
    if (producer != null) {
      try {
        producer.close(timeout);
      } catch (RuntimeException e) {
        log.debug("Closing producer {} failed", transactionalId, e);
      }
      producer = null;
    }
    inTransaction = false;
  }

  @Override
  public void close() {
    closeProducer(Duration.ofSeconds(10));
  }
}

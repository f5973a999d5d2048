package dev.tributary.connectors.internal;

import dev.tributary.core.FatalException;
import dev.tributary.core.pipeline.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a source that reads from a log and publishes it to Kafka (the engine relay, the
 * DynamoDB Streams source). It connects (checkpoint topic, producer claimed for this owner,
 * committed checkpoints read), then runs rounds, each one Kafka transaction holding records and the
 * checkpoints they advance to. After a retriable failure it aborts the open transaction with the
 * same producer (keeping its epoch) or, if it cannot, drops the producer; then it waits the
 * back-off and connects again, so what it publishes next starts exactly after what was committed. A
 * fatal failure fails the source.
 */
abstract class TransactionalSourceLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TransactionalSourceLoop.class);

  protected final Lifecycle lifecycle;
  protected final CheckpointTopic checkpoints;
  private final Map<String, Object> clientConfig;
  private final String transactionalId;
  private final Optional<Integer> changeTopicPartitions;
  private final Duration retryBackoff;
  private final Duration discoveryInterval;
  private final Set<String> illegalReported = new HashSet<>();
  private long nextDiscoveryNanos;

  TransactionalSourceLoop(
      Lifecycle lifecycle,
      PublishSettings publish,
      String transactionalId,
      Duration discoveryInterval) {
    this.lifecycle = lifecycle;
    this.discoveryInterval = discoveryInterval;
    this.clientConfig = publish.clientConfig();
    this.transactionalId = transactionalId;
    this.changeTopicPartitions = publish.changeTopicPartitions();
    this.retryBackoff = publish.retryBackoff();
    this.checkpoints = new CheckpointTopic(clientConfig, publish.checkpointTopic());
  }

  /** This source in log lines, e.g. {@code Relay default}. */
  abstract String name();

  /**
   * Reads the committed checkpoints (older owners fenced by now) and resumes every reader there.
   */
  abstract void connect(Admin admin);

  /** Looks for new or changed inputs: at once after connecting, then every discovery interval. */
  abstract void discover();

  /** Publishes one transaction; returns how many records it held (0: nothing to read). */
  abstract int round(TransactionalPublisher publisher, TopicCreator topics)
      throws InterruptedException;

  /** Waits after a round that found nothing. */
  abstract void idle() throws InterruptedException;

  /** Throws a {@link FatalException} if {@code e} must end the source rather than be retried. */
  void checkRetriable(RuntimeException e) {}

  /**
   * Whether {@code table}'s change topic can exist: Kafka topic names are shorter than DynamoDB
   * table names may be, so such a table is skipped, said once ({@code "<name> cannot <verb> table
   * ..."}).
   */
  boolean legalTopicName(String table, String verb) {
    try {
      Topics.changeTopic(table);
      return true;
    } catch (IllegalArgumentException e) {
      if (illegalReported.add(table)) {
        log.error("{} cannot {} table {}: {}", name(), verb, table, e.getMessage());
      }
      return false;
    }
  }

  private void discoverIfDue() {
    if (System.nanoTime() - nextDiscoveryNanos < 0) {
      return;
    }
    nextDiscoveryNanos = System.nanoTime() + discoveryInterval.toNanos();
    discover();
  }

  @Override
  public final void run() {
    try (Admin admin = Admin.create(clientConfig);
        TransactionalPublisher publisher =
            new TransactionalPublisher(clientConfig, transactionalId)) {
      TopicCreator topics = new TopicCreator(admin, changeTopicPartitions);
      OwnerClaim owner = new OwnerClaim(checkpoints, transactionalId);
      boolean connected = false;
      boolean producerOpen = false;
      while (lifecycle.running()) {
        try {
          if (!connected) {
            checkpoints.ensureExists(admin);
            topics.ensure(checkpoints.name()); // exists now; waits until the broker leads it
            if (!producerOpen) {
              owner.openAndClaim(admin, publisher);
              producerOpen = true;
            }
            connect(admin);
            connected = true;
            nextDiscoveryNanos = System.nanoTime();
          }
          discoverIfDue();
          if (round(publisher, topics) == 0) {
            idle();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          if (TransactionalPublisher.isFatal(e)) {
            throw publisher.fatal(e);
          }
          checkRetriable(e);
          log.warn(
              "{}: {}; starting over from the committed checkpoints in {}",
              name(),
              e.toString(),
              retryBackoff);
          connected = false;
          if (!publisher.recover()) {
            publisher.discard();
            producerOpen = false;
          }
          Thread.sleep(retryBackoff.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      log.error("{} failed", name(), t);
      lifecycle.fail(t instanceof FatalException ? t : new FatalException(t.toString(), t));
    }
  }
}

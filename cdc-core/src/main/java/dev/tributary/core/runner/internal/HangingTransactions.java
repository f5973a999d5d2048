package dev.tributary.core.runner.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts hanging transactions on the runtime's topics and its groups' offsets: a
 * partition holding a transaction that its transaction coordinator no longer tracks. No commit or
 * abort marker will ever reach it, so {@code read_committed} readers (the topology, the runners, a
 * Streams changelog restore) stop at its first offset for good, and the producer that owns the
 * transactional id gets CONCURRENT_TRANSACTIONS on that partition forever. Kafka's remedy is {@code
 * kafka-transactions.sh find-hanging} and {@code abort}; this does the same, from the worker.
 *
 * <p>Such a transaction was seen after a worker with its embedded broker was killed with SIGKILL
 * during a topology transaction: the coordinator moved on (later epochs committed) while three
 * output partitions kept the killed epoch's records open. The coordinator's state is the truth
 * here: it never registered the partition in a transaction it still runs, so no transaction it
 * commits can include those records, and aborting them is what their producer's own abort would
 * have done. A transaction is aborted only after it was seen hanging on two looks at least {@code
 * grace} apart, so a marker merely in flight is never overtaken.
 */
public final class HangingTransactions {
  private static final Logger log = LoggerFactory.getLogger(HangingTransactions.class);
  private static final Set<TransactionState> RUNNING =
      Set.of(
          TransactionState.ONGOING,
          TransactionState.PREPARE_COMMIT,
          TransactionState.PREPARE_ABORT,
          TransactionState.PREPARE_EPOCH_FENCE);
  private static final long CALL_TIMEOUT_S = 30;
  private static final String OFFSETS_TOPIC = "__consumer_offsets";

  private final Admin admin;
  private final Predicate<String> watched;
  private final Predicate<String> ownTransactionalId;
  private final long graceNanos;
  private final LongSupplier nanos;

  /** Open transactions seen hanging, and when first seen. */
  private final Map<OpenTransaction, Long> suspects = new HashMap<>();

  private boolean disabled;

  /**
   * @param watched which of the cluster's topics to look at ({@code __consumer_offsets} is looked
   *     at too: a hanging transactional offset commit holds a group's committed offsets back)
   * @param ownTransactionalId which transactional ids are this runtime's: on the shared {@code
   *     __consumer_offsets} only their hanging transactions are aborted
   * @param grace how long a transaction must be seen hanging before it is aborted
   */
  public HangingTransactions(
      Admin admin,
      Predicate<String> watched,
      Predicate<String> ownTransactionalId,
      Duration grace,
      LongSupplier nanos) {
    this.admin = admin;
    this.watched = watched;
    this.ownTransactionalId = ownTransactionalId;
    this.graceNanos = grace.toNanos();
    this.nanos = nanos;
  }

  /** An open transaction on one partition, as the partition's leader describes it. */
  public record OpenTransaction(
      TopicPartition partition,
      long producerId,
      int producerEpoch,
      int coordinatorEpoch,
      long firstOffset) {}

  /**
   * One look: describes the producers of every partition, asks the coordinators about those with an
   * open transaction, and aborts the ones seen hanging for at least the grace period. Returns what
   * it aborted. Never throws for a cluster that is away for a moment; turns itself off, with one
   * warning, where the cluster refuses the calls (no permission, an old broker).
   */
  public synchronized List<OpenTransaction> check() {
    if (disabled) {
      return List.of();
    }
    try {
      List<OpenTransaction> open = openTransactions();
      Map<Long, Set<String>> ids = new HashMap<>();
      List<OpenTransaction> hanging = hanging(open, coordinatorStates(open, ids));
      return abortStaleSuspects(ours(hanging, ids, ownTransactionalId));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthorizationException
          || e.getCause() instanceof UnsupportedVersionException) {
        disabled = true;
        log.warn(
            "Not checking for hanging transactions: the cluster refuses it ({}); a partition whose transaction"
                + " its coordinator lost stops read_committed readers until it is aborted with"
                + " kafka-transactions.sh find-hanging / abort",
            e.getCause().toString());
      } else {
        log.debug("Hanging-transaction check failed: {}", e.toString());
      }
    } catch (TimeoutException | RuntimeException e) {
      log.debug("Hanging-transaction check failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.of();
  }

  private List<OpenTransaction> openTransactions()
      throws ExecutionException, InterruptedException, TimeoutException {
    List<String> names = new ArrayList<>();
    for (String t :
        admin
            .listTopics(new ListTopicsOptions().listInternal(true))
            .names()
            .get(CALL_TIMEOUT_S, TimeUnit.SECONDS)) {
      if (watched.test(t) || t.equals(OFFSETS_TOPIC)) {
        names.add(t);
      }
    }
    if (names.isEmpty()) {
      return List.of();
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (TopicDescription d :
        admin
            .describeTopics(names)
            .allTopicNames()
            .get(CALL_TIMEOUT_S, TimeUnit.SECONDS)
            .values()) {
      for (TopicPartitionInfo p : d.partitions()) {
        partitions.add(new TopicPartition(d.name(), p.partition()));
      }
    }
    List<OpenTransaction> open = new ArrayList<>();
    admin
        .describeProducers(partitions)
        .all()
        .get(CALL_TIMEOUT_S, TimeUnit.SECONDS)
        .forEach(
            (tp, d) -> {
              for (ProducerState s : d.activeProducers()) {
                if (s.currentTransactionStartOffset().isPresent()) {
                  open.add(
                      new OpenTransaction(
                          tp,
                          s.producerId(),
                          s.producerEpoch(),
                          s.coordinatorEpoch().orElse(0),
                          s.currentTransactionStartOffset().getAsLong()));
                }
              }
            });
    return open;
  }

  /**
   * What the coordinators say of the producers with an open transaction, by producer id; fills
   * {@code ids} with the transactional ids each producer id has now.
   */
  private Map<Long, List<TransactionDescription>> coordinatorStates(
      List<OpenTransaction> open, Map<Long, Set<String>> ids)
      throws ExecutionException, InterruptedException, TimeoutException {
    if (open.isEmpty()) {
      return Map.of();
    }
    Set<Long> producerIds = new HashSet<>();
    open.forEach(o -> producerIds.add(o.producerId()));
    List<String> listed = new ArrayList<>();
    for (TransactionListing l :
        admin
            .listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
            .all()
            .get(CALL_TIMEOUT_S, TimeUnit.SECONDS)) {
      listed.add(l.transactionalId());
      ids.computeIfAbsent(l.producerId(), k -> new HashSet<>()).add(l.transactionalId());
    }
    Map<Long, List<TransactionDescription>> byProducer = new HashMap<>();
    if (!listed.isEmpty()) {
      admin
          .describeTransactions(listed)
          .all()
          .get(CALL_TIMEOUT_S, TimeUnit.SECONDS)
          .values()
          .forEach(d -> byProducer.computeIfAbsent(d.producerId(), k -> new ArrayList<>()).add(d));
    }
    return byProducer;
  }

  /**
   * The open transactions their coordinator does not run: no transactional id has their producer
   * id, or its transaction is not running, is at another epoch, or does not hold the partition.
   */
  static List<OpenTransaction> hanging(
      List<OpenTransaction> open, Map<Long, List<TransactionDescription>> coordinators) {
    List<OpenTransaction> out = new ArrayList<>();
    for (OpenTransaction o : open) {
      boolean tracked = false;
      for (TransactionDescription d : coordinators.getOrDefault(o.producerId(), List.of())) {
        if (d.state() == TransactionState.ONGOING) {
          tracked |=
              d.producerEpoch() == o.producerEpoch() && d.topicPartitions().contains(o.partition());
        } else if (RUNNING.contains(d.state())) {
          tracked = true; // markers on their way; their epoch may already be the next one
        }
      }
      if (!tracked) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * The hanging transactions this runtime may abort: all on its own topics; on the shared {@code
   * __consumer_offsets}, only those whose producer id has one of its transactional ids.
   */
  static List<OpenTransaction> ours(
      List<OpenTransaction> hanging, Map<Long, Set<String>> ids, Predicate<String> own) {
    List<OpenTransaction> out = new ArrayList<>();
    for (OpenTransaction o : hanging) {
      if (!o.partition().topic().equals(OFFSETS_TOPIC)
          || ids.getOrDefault(o.producerId(), Set.of()).stream().anyMatch(own)) {
        out.add(o);
      }
    }
    return out;
  }

  private List<OpenTransaction> abortStaleSuspects(List<OpenTransaction> hanging)
      throws ExecutionException, InterruptedException, TimeoutException {
    long now = nanos.getAsLong();
    suspects.keySet().retainAll(new HashSet<>(hanging));
    List<OpenTransaction> aborted = new ArrayList<>();
    for (OpenTransaction o : hanging) {
      long since = suspects.computeIfAbsent(o, k -> now);
      if (now - since < graceNanos) {
        continue;
      }
      try {
        admin
            .abortTransaction(
                new AbortTransactionSpec(
                    o.partition(), o.producerId(), (short) o.producerEpoch(), o.coordinatorEpoch()))
            .all()
            .get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        suspects.remove(o);
        aborted.add(o);
        log.warn(
            "Aborted a hanging transaction on {} (producer id {}, epoch {}, open from offset {}): its coordinator no"
                + " longer tracks it, so no marker would ever close it and read_committed readers of the"
                + " partition were held at that offset",
            o.partition(),
            o.producerId(),
            o.producerEpoch(),
            o.firstOffset());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof AuthorizationException
            || e.getCause() instanceof UnsupportedVersionException) {
          throw e;
        }
        // another worker aborted it first, or its producer closed it meanwhile: looked at again
        // next time
        log.debug("Aborting the hanging transaction {} failed: {}", o, e.getCause().toString());
      }
    }
    return aborted;
  }
}

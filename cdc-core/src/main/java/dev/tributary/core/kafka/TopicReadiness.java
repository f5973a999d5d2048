package dev.tributary.core.kafka;

import dev.tributary.core.FatalException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until every partition of some topics is served by its leader, not merely named in the
 * metadata. A KRaft broker publishes a new topic to its metadata cache (what {@code describeTopics}
 * answers from) before its replica manager has made itself leader; a produce request in between
 * fails with {@code NOT_LEADER_OR_FOLLOWER}. For an idempotent producer that is worse than a retry:
 * when its first batch to a partition fails that way and the next one, already in flight, lands
 * after the leader is ready, the broker accepts it (a producer it has no state for may start at any
 * sequence), and the retried first batch is then rejected for ever with {@code
 * OUT_OF_ORDER_SEQUENCE_NUMBER} ("incoming seq 0, current end seq N") until the delivery timeout.
 * {@code ListOffsets} is answered by the replica manager, so once it succeeds for a partition,
 * produce requests will too.
 *
 * <p>The runtime's topic provisioning and the embedded broker ({@code EmbeddedKafka}) both wait
 * with it.
 */
public final class TopicReadiness {
  private TopicReadiness() {}

  /** Returns once all partitions of {@code topics} are led and serving; throws after timeout. */
  public static void await(Admin admin, Collection<String> topics, Duration timeout) {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        boolean led = true;
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
          for (var p : d.partitions()) {
            led &= p.leader() != null && !p.leader().isEmpty();
            partitions.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
          }
        }
        if (led) {
          admin.listOffsets(partitions).all().get();
          return;
        }
      } catch (ExecutionException e) {
        last = e; // not yet known or not yet led: try again until the deadline
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FatalException("Interrupted waiting for topics " + topics, e);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FatalException("Interrupted waiting for topics " + topics, e);
      }
    }
    throw new FatalException(
        "Topics "
            + topics
            + " are not served by a leader after "
            + timeout
            + (last == null ? "" : ": " + last.getCause()),
        last);
  }
}

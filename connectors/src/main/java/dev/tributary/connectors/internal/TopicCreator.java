package dev.tributary.connectors.internal;

import dev.tributary.core.RetriableException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates change topics before the first record goes to them (a transactional producer must not
 * depend on the broker's auto-creation, which may be off). Remembers what exists.
 */
public final class TopicCreator {
  private final Admin admin;
  private final Optional<Integer> partitions;
  private final Set<String> known = new HashSet<>();

  public TopicCreator(Admin admin, Optional<Integer> partitions) {
    this.admin = admin;
    this.partitions = partitions;
  }

  public void ensure(String topic) {
    if (known.contains(topic)) {
      return;
    }
    try {
      admin.createTopics(List.of(new NewTopic(topic, partitions, Optional.empty()))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new RetriableException(
            "Cannot create change topic " + topic + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("Interrupted creating change topic " + topic, e);
    }
    awaitLeaders(topic);
    known.add(topic);
  }

  /**
   * The controller has the topic once createTopics returns; producing before the broker leads its
   * partitions gets NOT_LEADER answers that can wedge an idempotent producer's first batches.
   */
  private void awaitLeaders(String topic) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
      } catch (ExecutionException e) {
        // not yet in the broker's metadata
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetriableException("Interrupted waiting for topic " + topic, e);
      }
      if (System.nanoTime() > deadline) {
        throw new RetriableException("Change topic " + topic + " has no leader after 30 s");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RetriableException("Interrupted waiting for topic " + topic, e);
      }
    }
  }
}

package dev.tributary.core.pipeline.internal;

import dev.tributary.core.FatalException;
import dev.tributary.core.kafka.TopicReadiness;
import dev.tributary.core.pipeline.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the topics pipelines need before anything reads them: change topics with a given
 * partition count, lane topics with as many partitions as their sources (one Streams task writes
 * each source partition, so more lane partitions would only spread keys, fewer would serialize
 * them), dead-letter topics with one. Existing topics are kept as they are. Replication follows the
 * cluster's default, so the same code serves one embedded node and a production cluster.
 */
public final class TopicProvisioner {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int DEAD_LETTER_PARTITIONS = 1;

  private final Admin admin;
  private final int changePartitions;

  public TopicProvisioner(Admin admin, int changePartitions) {
    this.admin = admin;
    this.changePartitions = changePartitions;
  }

  /** Creates what is missing for every pipeline and waits until each topic has leaders. */
  public void provision(Collection<Pipeline> pipelines) {
    Map<String, Integer> changeTopics = new LinkedHashMap<>();
    pipelines.forEach(p -> p.sourceTopics().forEach(t -> changeTopics.put(t, changePartitions)));
    Map<String, Integer> sourceCounts = ensure(changeTopics);
    Map<String, Integer> derived = new LinkedHashMap<>();
    for (Pipeline p : pipelines) {
      int lanePartitions =
          p.sourceTopics().stream().mapToInt(sourceCounts::get).max().orElse(changePartitions);
      Set<String> lanes = new LinkedHashSet<>();
      p.handlers().keySet().forEach(h -> lanes.add(p.laneTopic(h)));
      for (String topic : p.topics()) {
        if (changeTopics.containsKey(topic)) {
          continue;
        }
        derived.merge(
            topic, lanes.contains(topic) ? lanePartitions : DEAD_LETTER_PARTITIONS, Math::max);
      }
    }
    ensure(derived);
  }

  /** Creates the missing ones of {@code wanted}; returns every topic's actual partition count. */
  private Map<String, Integer> ensure(Map<String, Integer> wanted) {
    Map<String, Integer> actual = new HashMap<>(describe(wanted.keySet()));
    List<NewTopic> missing = new ArrayList<>();
    wanted.forEach(
        (topic, partitions) -> {
          if (!actual.containsKey(topic)) {
            missing.add(new NewTopic(topic, Optional.of(partitions), Optional.empty()));
          }
        });
    if (!missing.isEmpty()) {
      admin.createTopics(missing).values().forEach((topic, f) -> awaitCreated(topic, f));
      // Served, not only named in the metadata: see TopicReadiness.
      TopicReadiness.await(admin, wanted.keySet(), READY_TIMEOUT);
      actual.putAll(describe(wanted.keySet()));
    }
    return actual;
  }

  private static void awaitCreated(String topic, KafkaFuture<Void> f) {
    try {
      f.get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) { // another process was first
        throw new FatalException("Cannot create topic " + topic + ": " + e.getCause(), e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted creating topic " + topic, e);
    }
  }

  /** Partition counts of the topics that exist, with every partition led. */
  private Map<String, Integer> describe(Collection<String> topics) {
    Map<String, Integer> out = new HashMap<>();
    admin
        .describeTopics(topics)
        .topicNameValues()
        .forEach(
            (topic, f) -> {
              try {
                TopicDescription d = f.get();
                if (d.partitions().stream().allMatch(p -> p.leader() != null)) {
                  out.put(topic, d.partitions().size());
                }
              } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                  throw new FatalException(
                      "Cannot describe topic " + topic + ": " + e.getCause(), e);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FatalException("Interrupted describing topic " + topic, e);
              }
            });
    return out;
  }
}

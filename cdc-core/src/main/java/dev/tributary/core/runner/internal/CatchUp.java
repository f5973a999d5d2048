package dev.tributary.core.runner.internal;

import dev.tributary.core.FatalException;
import dev.tributary.core.runner.Lanes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a group has consumed a topic: the topology's group its change topics, a lane's runners
 * their lane. Offsets alone overstate what is left under transactions (commit markers and aborted
 * records sit between a group's position and the end and are never delivered), while counting the
 * records in between reads them. So offsets decide while they move; once they stop moving with a
 * gap left, {@link Lanes#status} reads the gap to see whether any real event is in it.
 */
public final class CatchUp {
  /** A topic read by a group. */
  public record Reader(String topic, String group) {}

  private final Admin admin;
  private final Lanes lanes;
  private final Map<Reader, Map<TopicPartition, List<Long>>> lastGaps = new HashMap<>();

  public CatchUp(Admin admin, Lanes lanes) {
    this.admin = admin;
    this.lanes = lanes;
  }

  /** True when every reader has consumed every event now committed to its topic. */
  public boolean caughtUp(List<Reader> readers) {
    for (Reader r : readers) { // in order: a lane is only final once its topology is
      if (!caughtUp(r)) {
        return false;
      }
    }
    return true;
  }

  private boolean caughtUp(Reader r) {
    Map<TopicPartition, List<Long>> gaps = gaps(r);
    if (gaps.isEmpty()) {
      lastGaps.remove(r);
      return true;
    }
    boolean stalled = gaps.equals(lastGaps.put(r, gaps));
    return stalled && lanes.status(r.topic(), r.group()).caughtUp();
  }

  /** Partitions whose committed offset is below the last stable offset: [committed, end]. */
  private Map<TopicPartition, List<Long>> gaps(Reader r) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(r.group()).partitionsToOffsetAndMetadata().get();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(r.topic()))
          .allTopicNames()
          .get()
          .get(r.topic())
          .partitions()
          .forEach(
              p -> latest.put(new TopicPartition(r.topic(), p.partition()), OffsetSpec.latest()));
      var ends =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      Map<TopicPartition, List<Long>> gaps = new HashMap<>();
      ends.forEach(
          (tp, end) -> {
            OffsetAndMetadata c = committed.get(tp);
            if (end.offset() > 0 && (c == null || c.offset() < end.offset())) {
              gaps.put(tp, List.of(c == null ? -1 : c.offset(), end.offset()));
            }
          });
      return gaps;
    } catch (ExecutionException e) {
      throw new FatalException("Cannot read the progress of " + r + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted reading the progress of " + r, e);
    }
  }
}

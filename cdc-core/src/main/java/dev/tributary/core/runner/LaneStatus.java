package dev.tributary.core.runner;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where a lane's runners stand.
 *
 * @param laneTopic the lane topic
 * @param group the runners' consumer group
 * @param partitions one entry per lane partition, by partition number
 * @param runner how this process's runner of the lane is doing ({@link RunnerHealth#unknown()} when
 *     the status does not come from the runtime running it)
 */
public record LaneStatus(
    String laneTopic, String group, List<PartitionStatus> partitions, RunnerHealth runner) {
  public LaneStatus {
    Objects.requireNonNull(laneTopic, "laneTopic");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(runner, "runner");
    partitions = List.copyOf(partitions);
  }

  /** A status that says nothing of the runners (as {@link Lanes} reads it from Kafka). */
  public LaneStatus(String laneTopic, String group, List<PartitionStatus> partitions) {
    this(laneTopic, group, partitions, RunnerHealth.unknown());
  }

  /** This status with {@code runner}'s health. */
  public LaneStatus withRunner(RunnerHealth runner) {
    return new LaneStatus(laneTopic, group, partitions, runner);
  }

  /** Events committed to the lane but not yet committed by its runners, over all partitions. */
  public long lagEvents() {
    return partitions.stream().mapToLong(PartitionStatus::lagEvents).sum();
  }

  /** Age of the oldest event not yet committed by the runners; zero when caught up. */
  public Duration lagTime() {
    return partitions.stream()
        .map(PartitionStatus::lagTime)
        .max(Duration::compareTo)
        .orElse(Duration.ZERO);
  }

  public boolean caughtUp() {
    return lagEvents() == 0;
  }

  /**
   * One partition of a lane.
   *
   * @param committed the group's committed offset, empty when it never committed
   * @param end the last stable offset (what {@code read_committed} readers can reach)
   * @param lagEvents committed events (transaction markers and aborted records not counted) between
   *     the committed offset and the end
   * @param lagTime age of the oldest of those events, by record timestamp; zero when none
   */
  public record PartitionStatus(
      int partition, OptionalLong committed, long end, long lagEvents, Duration lagTime) {
    public PartitionStatus {
      Objects.requireNonNull(committed, "committed");
      Objects.requireNonNull(lagTime, "lagTime");
    }
  }
}

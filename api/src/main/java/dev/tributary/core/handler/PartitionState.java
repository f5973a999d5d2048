package dev.tributary.core.handler;

import java.util.Optional;

/**
 * State a handler keeps per lane partition that must survive a restart or a move to another worker,
 * stored with the runner's checkpoint: the runner writes it to the lane's compacted state topic
 * ({@code tributary.state.<pipeline>.<handler>}) in the same Kafka transaction that commits the
 * partition's position, and hands the last committed state back when it is assigned the partition,
 * before the partition's first batch. Lambda keeps a tumbling window's state with the event source
 * mapping's checkpoint in the same way. All calls come from the runner's thread.
 */
public interface PartitionState {
  /**
   * The state to commit with {@code partition}'s position {@code position}: the state that reflects
   * the events before {@code position} (not those after it, which a restart delivers again). Empty
   * when there is nothing to store.
   */
  Optional<byte[]> checkpoint(int partition, long position);

  /** The state last committed for {@code partition}, before the partition's first batch here. */
  void restore(int partition, byte[] state);

  /** {@code partition} left this runner: forget its state (its new owner restores it). */
  void revoked(int partition);
}

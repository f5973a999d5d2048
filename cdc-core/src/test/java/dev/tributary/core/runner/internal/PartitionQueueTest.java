package dev.tributary.core.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.Batching;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionQueueTest {
  private static final TopicPartition TP = new TopicPartition("lane", 0);
  private static final Batching NOW = Batching.of(10, Duration.ZERO);

  @Test
  void shouldLetOtherKeysPassAFailingKeyButCommitOnlyTheResolvedPrefix() {
    PartitionQueue q = queue(true, "a", "b", "a", "b");
    List<Pending> first = q.nextBatch(NOW, System.nanoTime(), false);
    assertThat(first).hasSize(4);
    retryLater(first.get(0)); // a#0 fails and waits
    first.get(1).status = Pending.Status.DONE;
    first.get(2).status = Pending.Status.WAITING; // a#2 redelivered after a#0
    first.get(3).status = Pending.Status.DONE;
    q.add(record(4, "b"), System.nanoTime());
    List<Pending> next = q.nextBatch(NOW, System.nanoTime(), false);
    assertThat(next).extracting(Pending::offset).containsExactly(4L); // b flows, a waits
    assertThat(q.planCommit(5).position()).isZero(); // a#0 at offset 0 still pending
  }

  @Test
  void shouldBlockThePartitionBehindAFailureWithoutIsolation() {
    PartitionQueue q = queue(false, "a", "b");
    List<Pending> batch = q.nextBatch(NOW, System.nanoTime(), false);
    retryLater(batch.get(0));
    batch.get(1).status = Pending.Status.WAITING;
    assertThat(q.nextBatch(NOW, System.nanoTime(), false)).isEmpty();
  }

  @Test
  void shouldParkLaterEventsOfADeadLetteredKeyWithIsolation() {
    PartitionQueue q = queue(true, "a", "b", "a");
    List<Pending> batch = q.nextBatch(NOW, System.nanoTime(), false);
    q.deadLetter(batch.get(0), new RuntimeException("x"), 1L);
    batch.get(1).status = Pending.Status.DONE;
    assertThat(batch.get(2).status).isEqualTo(Pending.Status.DEAD);
    assertThat(batch.get(2).parkedBehind).isEqualTo("a#0");
    q.add(record(3, "a"), System.nanoTime());
    PartitionQueue.CommitPlan plan = q.planCommit(4);
    assertThat(plan.position()).isEqualTo(4);
    assertThat(plan.dead()).extracting(Pending::offset).containsExactly(0L, 2L, 3L);
    assertThat(ParkedKeys.decode(ParkedKeys.encode(q.parked())))
        .containsEntry(ByteBuffer.wrap("a".getBytes(StandardCharsets.UTF_8)), "a#0");
  }

  @Test
  void shouldReleaseOnlyTheDeliveredHeadAndStillCommitPastIt() {
    PartitionQueue q = queue(true, "a", "b", "c", "d");
    List<Pending> batch = q.nextBatch(NOW, System.nanoTime(), false);
    batch.get(0).status = Pending.Status.DONE;
    q.deadLetter(batch.get(1), new RuntimeException("x"), 1L);
    batch.get(2).status = Pending.Status.DONE;
    retryLater(batch.get(3));
    q.releaseDelivered();
    assertThat(q.size()).isEqualTo(3); // stops at the dead letter, which the commit still needs
    PartitionQueue.CommitPlan plan = q.planCommit(4);
    assertThat(plan.position()).isEqualTo(3); // d at offset 3 is still waiting
    assertThat(plan.dead()).extracting(Pending::offset).containsExactly(1L);
    q.applyCommit(plan);
    batch.get(3).status = Pending.Status.DONE;
    q.releaseDelivered();
    assertThat(q.size()).isZero();
    PartitionQueue.CommitPlan last = q.planCommit(4);
    assertThat(last.position()).isEqualTo(4);
    assertThat(last.advances()).isTrue();
  }

  @Test
  void shouldWaitForTheWindowUnlessTheBatchIsFull() {
    PartitionQueue q = queue(true, "a");
    long now = System.nanoTime();
    assertThat(q.nextBatch(Batching.of(2, Duration.ofSeconds(1)), now, false)).isEmpty();
    assertThat(q.nextBatch(Batching.of(1, Duration.ofSeconds(1)), now, false)).hasSize(1);
    assertThat(q.nextBatch(Batching.of(2, Duration.ofSeconds(1)), now + 1_000_000_000L, false))
        .hasSize(1);
  }

  private static void retryLater(Pending p) {
    p.failed(new RuntimeException("fail"), 1L);
    p.status = Pending.Status.WAITING;
    p.dueNanos = System.nanoTime() + 60_000_000_000L;
  }

  private static PartitionQueue queue(boolean isolate, String... keys) {
    PartitionQueue q = new PartitionQueue(TP, isolate, Map.of());
    for (int i = 0; i < keys.length; i++) {
      q.add(record(i, keys[i]), System.nanoTime());
    }
    return q;
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key) {
    Map<String, AttributeValue> keys = Item.key("pk", key);
    ChangeEvent e =
        new ChangeEvent(
            key + "#" + offset,
            EventName.INSERT,
            "1.1",
            "aws:dynamodb",
            "local",
            "arn",
            new StreamRecord(
                keys,
                Optional.of(keys),
                Optional.empty(),
                "1",
                1,
                StreamViewType.NEW_AND_OLD_IMAGES,
                Instant.now()),
            Optional.empty(),
            false);
    return new ConsumerRecord<>(
        "lane", 0, offset, key.getBytes(StandardCharsets.UTF_8), ChangeEventSerde.toBytes(e));
  }
}

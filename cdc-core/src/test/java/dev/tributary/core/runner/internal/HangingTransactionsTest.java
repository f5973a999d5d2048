package dev.tributary.core.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.runner.internal.HangingTransactions.OpenTransaction;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HangingTransactionsTest {
  private static final TopicPartition LANE = new TopicPartition("tributary.lane.orders.search", 1);
  private static final TopicPartition OTHER = new TopicPartition("tributary.lane.orders.email", 1);
  private static final OpenTransaction OPEN = new OpenTransaction(LANE, 3, 82, 8, 8680);

  private static TransactionDescription coordinator(
      TransactionState state, int epoch, Set<TopicPartition> parts) {
    return new TransactionDescription(1, state, 3, epoch, 10_000, OptionalLong.of(0), parts);
  }

  @Test
  void anOngoingTransactionHoldingThePartitionAtTheSameEpochIsTracked() {
    assertThat(
            HangingTransactions.hanging(
                List.of(OPEN),
                Map.of(3L, List.of(coordinator(TransactionState.ONGOING, 82, Set.of(LANE))))))
        .isEmpty();
  }

  @Test
  void aCompletedTransactionAtALaterEpochLeavesTheOpenOneHanging() {
    // What the crash left: the coordinator committed epochs up to 95, the partition still holds
    // epoch 82 open.
    assertThat(
            HangingTransactions.hanging(
                List.of(OPEN),
                Map.of(3L, List.of(coordinator(TransactionState.COMPLETE_COMMIT, 95, Set.of())))))
        .containsExactly(OPEN);
  }

  @Test
  void anOngoingTransactionAtAnotherEpochOrWithoutThePartitionDoesNotTrackIt() {
    assertThat(
            HangingTransactions.hanging(
                List.of(OPEN),
                Map.of(3L, List.of(coordinator(TransactionState.ONGOING, 96, Set.of(LANE))))))
        .containsExactly(OPEN);
    assertThat(
            HangingTransactions.hanging(
                List.of(OPEN),
                Map.of(3L, List.of(coordinator(TransactionState.ONGOING, 82, Set.of(OTHER))))))
        .containsExactly(OPEN);
  }

  @Test
  void markersInFlightAreNeverOvertaken() {
    for (TransactionState s :
        List.of(
            TransactionState.PREPARE_COMMIT,
            TransactionState.PREPARE_ABORT,
            TransactionState.PREPARE_EPOCH_FENCE)) {
      assertThat(
              HangingTransactions.hanging(
                  List.of(OPEN), Map.of(3L, List.of(coordinator(s, 83, Set.of(LANE))))))
          .isEmpty();
    }
  }

  @Test
  void aProducerNoTransactionalIdOwnsIsHanging() {
    assertThat(HangingTransactions.hanging(List.of(OPEN), Map.of())).containsExactly(OPEN);
  }

  @Test
  void onTheSharedOffsetsTopicOnlyTheRuntimesOwnTransactionsAreAborted() {
    OpenTransaction offsets =
        new OpenTransaction(new TopicPartition("__consumer_offsets", 7), 3, 82, 8, 120);
    OpenTransaction foreign =
        new OpenTransaction(new TopicPartition("__consumer_offsets", 7), 9, 4, 8, 130);
    OpenTransaction unknown =
        new OpenTransaction(new TopicPartition("__consumer_offsets", 2), 11, 1, 8, 140);
    Map<Long, Set<String>> ids =
        Map.of(3L, Set.of("tributary.pipeline.orders-1f-1"), 9L, Set.of("billing-app-1"));
    assertThat(
            HangingTransactions.ours(
                List.of(OPEN, offsets, foreign, unknown),
                ids,
                id -> id.startsWith("tributary.pipeline.orders-")))
        .containsExactly(OPEN, offsets);
  }
}

package dev.tributary.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.PartitionState;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.StartingPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The metered pipeline keeps every event source mapping option and the handler's partition state.
 */
class MeteringTest {
  private static final PartitionState STATE =
      new PartitionState() {
        @Override
        public Optional<byte[]> checkpoint(int partition, long position) {
          return Optional.empty();
        }

        @Override
        public void restore(int partition, byte[] state) {}

        @Override
        public void revoked(int partition) {}
      };

  @Test
  void shouldKeepTheStartingPositionTheOnFailureDestinationAndThePartitionState() throws Exception {
    ChangeHandler stateful =
        new ChangeHandler() {
          @Override
          public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
            return BatchResult.success();
          }

          @Override
          public Optional<PartitionState> partitionState() {
            return Optional.of(STATE);
          }
        };
    HandlerSpec spec =
        HandlerSpec.of(() -> stateful)
            .startingPosition(StartingPosition.LATEST)
            .onFailure(OnFailure.topic("order-failures").functionName("orders-fn"));
    Pipeline p =
        Pipeline.builder("orders").source("Orders").route("h", Routes.always(), spec).build();
    HandlerSpec metered = Metering.metered(p, new SimpleMeterRegistry()).handlers().get("h");
    assertThat(metered.startingPosition()).isEqualTo(StartingPosition.LATEST);
    assertThat(metered.onFailure())
        .contains(OnFailure.topic("order-failures").functionName("orders-fn"));
    try (ChangeHandler h = metered.factory().get()) {
      assertThat(h).isNotSameAs(stateful);
      assertThat(h.partitionState()).containsSame(STATE);
    }
  }
}

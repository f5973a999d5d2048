package dev.tributary.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchResultTest {
  @Test
  void shouldCombineRetriesAndDeadLettersWithTheirReasons() {
    BatchResult r =
        BatchResult.failedIds(List.of("a"))
            .andDeadLetter(List.of("b"), "rejected")
            .andDeadLetter(List.of("c"), "too big");
    assertThat(r.failedEventIds()).containsExactly("a");
    assertThat(r.deadLetters())
        .containsExactly(Map.entry("b", "rejected"), Map.entry("c", "too big"));
    assertThat(r.isSuccess()).isFalse();
    assertThat(BatchResult.deadLetter(List.of("x")).deadLetters()).containsOnlyKeys("x");
    assertThat(BatchResult.deadLetter(List.of()).isSuccess()).isTrue();
  }

  @Test
  void shouldRejectAnEventBothRetriedAndDeadLettered() {
    assertThatThrownBy(() -> BatchResult.deadLetter(List.of("a"), "bad").andFailed(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event a is reported both failed (retry) and dead-lettered");
  }

  @Test
  void shouldKeepWhyEachEventFailed() {
    BatchResult r =
        BatchResult.failedWithReasons(Map.of("a", "Connection refused")).andFailed(List.of("b"));
    assertThat(r.failedEventIds()).containsExactlyInAnyOrder("a", "b");
    assertThat(r.failureReason("a")).contains("Connection refused");
    assertThat(r.failureReason("b")).isEmpty();
    assertThatThrownBy(() -> new BatchResult(List.of("a"), Map.of(), Map.of("z", "why")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event z has a failure reason but is not reported failed");
  }
}

package dev.tributary.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandlerSpecTest {
  @Test
  void shouldKeepEveryOtherOptionWhenOneChanges() {
    Batching batching = Batching.of(7, Duration.ofMillis(30));
    RetryPolicy retry = RetryPolicy.attempts(2);
    OnFailure onFailure = OnFailure.topic("failed");
    HandlerSpec spec =
        HandlerSpec.ofType("noop", Map.of("k", "v"))
            .batching(batching)
            .retry(retry)
            .bisectOnFailure(true)
            .deadLetterTopic("dlq")
            .isolateFailingKeys(true)
            .snapshotEvents(false)
            .startingPosition(StartingPosition.LATEST)
            .onFailure(onFailure)
            .describedAs("the no-op");
    assertSame(batching, spec.batching());
    assertSame(retry, spec.retry());
    assertTrue(spec.bisectOnFailure());
    assertEquals(Optional.of("dlq"), spec.deadLetterTopic());
    assertTrue(spec.isolateFailingKeys());
    assertEquals(Optional.of(false), spec.snapshotEvents());
    assertEquals(StartingPosition.LATEST, spec.startingPosition());
    assertEquals(Optional.of(onFailure), spec.onFailure());
    assertEquals("the no-op", spec.description());
    assertEquals(Optional.of("noop"), spec.type());
    assertEquals(Map.of("k", "v"), spec.config());
  }

  @Test
  void shouldLeaveTheSpecItWasMadeFromUnchanged() {
    HandlerSpec first = HandlerSpec.ofType("noop", Map.of());
    HandlerSpec second = first.bisectOnFailure(true).retry(RetryPolicy.attempts(9));
    assertFalse(first.bisectOnFailure());
    assertSame(RetryPolicy.DEFAULT, first.retry());
    assertSame(Batching.DEFAULT, second.batching());
    assertEquals(StartingPosition.TRIM_HORIZON, second.startingPosition());
    assertEquals(Optional.empty(), second.deadLetterTopic());
    assertEquals("type 'noop'", second.description());
  }
}

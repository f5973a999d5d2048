package dev.tributary.handlers.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.EventName;
import dev.tributary.handlers.search.Events;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExternalVersionsTest {
  private static long version(String seq) {
    return ExternalVersions.of(
        Events.event("T", EventName.REMOVE, seq, Map.of(), Optional.empty()));
  }

  @Test
  void shouldReadTheEnginesZeroPaddedSequenceNumbers() {
    assertThat(version("000000000000000000042")).isEqualTo(42);
    assertThat(version("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldRejectSequenceNumbersBeyondALong() {
    assertThatThrownBy(() -> version("9223372036854775808"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("9223372036854775808");
    assertThatThrownBy(() -> version("111000000000000000000123456789"))
        .isInstanceOf(BadRecordException.class);
  }

  @Test
  void shouldRejectSequenceNumbersThatAreNoIntegers() {
    assertThatThrownBy(() -> version("-1")).isInstanceOf(BadRecordException.class);
    assertThatThrownBy(() -> version("12a")).isInstanceOf(BadRecordException.class);
    assertThatThrownBy(() -> version("")).isInstanceOf(BadRecordException.class);
  }
}

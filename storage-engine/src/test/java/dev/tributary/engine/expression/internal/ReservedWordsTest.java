package dev.tributary.engine.expression.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReservedWordsTest {
  @Test
  void shouldHoldDynamoDbsFullListCaseInsensitively() {
    assertThat(ReservedWords.size()).isEqualTo(573);
    assertThat(ReservedWords.isReserved("status")).isTrue();
    assertThat(ReservedWords.isReserved("FLATTERN")).isTrue();
    assertThat(ReservedWords.isReserved("Zone")).isTrue();
    assertThat(ReservedWords.isReserved("orderId")).isFalse();
    assertThat(ReservedWords.isReserved("remove")).isFalse();
  }
}

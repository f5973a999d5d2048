package dev.tributary.core.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContextsTest {
  @Test
  void shouldCarryWhatItIsGiven() {
    BatchContext c = BatchContext.of("orders", "email", 2, 3, 40, 49);
    assertThat(c.pipeline()).isEqualTo("orders");
    assertThat(c.handler()).isEqualTo("email");
    assertThat(c.attempt()).isEqualTo(2);
    assertThat(c.partition()).isEqualTo(3);
    assertThat(c.firstOffset()).isEqualTo(40);
    assertThat(c.lastOffset()).isEqualTo(49);
    HandlerContext h = HandlerContext.of("orders", "email");
    assertThat(h.pipeline()).isEqualTo("orders");
    assertThat(h.handler()).isEqualTo("email");
  }

  @Test
  void shouldRejectAMissingName() {
    assertThatThrownBy(() -> HandlerContext.of(null, "email")).hasMessage("pipeline");
    assertThatThrownBy(() -> BatchContext.of("orders", null, 1, 0, 0, 0)).hasMessage("handler");
  }
}

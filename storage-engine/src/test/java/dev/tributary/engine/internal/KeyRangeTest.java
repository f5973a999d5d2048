package dev.tributary.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeyRangeTest {
  private static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  @Test
  void shouldHoldItsStartButNotItsEndComparingUnsignedBytes() {
    KeyRange r = new KeyRange(b(1, 0x80), b(2));
    assertThat(r.contains(b(1, 0x80))).isTrue();
    assertThat(r.contains(b(1, 0xFF, 0xFF))).isTrue();
    assertThat(r.contains(b(1, 0x7F))).isFalse();
    assertThat(r.contains(b(2))).isFalse();
  }

  @Test
  void shouldResumeAfterAKeyGoingForwardAndBeforeItGoingBackward() {
    KeyRange r = new KeyRange(b(1), b(9));
    KeyRange forward = r.after(b(5));
    assertThat(forward.start()).containsExactly(5, 0);
    assertThat(forward.end()).isSameAs(r.end());
    assertThat(forward.contains(b(5))).isFalse();
    assertThat(forward.contains(b(5, 0))).isTrue();
    assertThat(r.after(b(0))).as("a key before the range narrows nothing").isSameAs(r);

    KeyRange backward = r.before(b(5));
    assertThat(backward.start()).isSameAs(r.start());
    assertThat(backward.end()).containsExactly(5);
    assertThat(r.before(b(9, 1))).as("a key past the range narrows nothing").isSameAs(r);
    assertThat(r).hasToString("[01, 09)");
  }
}

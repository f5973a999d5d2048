package dev.tributary.engine.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyEncodingTest {

  @Test
  void shouldSortNumbersNegativeZeroPositive() {
    List<String> sorted =
        List.of(
            "-1E+125", "-100", "-2", "-1.5", "-1", "-0.001", "-1E-130", "0", "1E-130", "0.001", "1",
            "1.5", "2", "100", "1E+125");
    List<byte[]> encoded = new ArrayList<>();
    for (String s : sorted) {
      encoded.add(KeyEncoding.encode(AttributeValue.n(s)));
    }
    for (int i = 1; i < encoded.size(); i++) {
      assertThat(Arrays.compareUnsigned(encoded.get(i - 1), encoded.get(i)))
          .as("%s < %s", sorted.get(i - 1), sorted.get(i))
          .isNegative();
    }
  }

  @Test
  void shouldSortShorterStringFirstEvenWhenFollowedByAnotherComponent() {
    byte[] a = KeyEncoding.encode(AttributeValue.b((byte) 'a'), AttributeValue.b((byte) 0xFF));
    byte[] b =
        KeyEncoding.encode(AttributeValue.b((byte) 'a', (byte) 0), AttributeValue.b((byte) 0));
    assertThat(Arrays.compareUnsigned(a, b)).isNegative();
  }

  @Test
  void shouldEscapeZeroBytes() {
    byte[] enc = KeyEncoding.encode(AttributeValue.s("a\0b"));
    assertThat(enc).containsExactly(0x02, 'a', 0x00, 0xFF, 'b', 0x00);
    assertThat(KeyEncoding.decode(enc, AttributeValue.Type.S))
        .containsExactly(AttributeValue.s("a\0b"));
  }

  @Test
  void shouldEncodeNumbersCompactly() {
    assertThat(KeyEncoding.encode(AttributeValue.n(0))).containsExactly(0x15);
    // 12.5 = 1.25E+1: tag, exponent 1+130, pairs "12" "50", terminator.
    assertThat(KeyEncoding.encode(AttributeValue.n("12.5")))
        .containsExactly(0x16, 131, 13, 51, 0x00);
    assertThat(KeyEncoding.encode(AttributeValue.n("-12.5")))
        .containsExactly(0x14, 255 - 131, 255 - 13, 255 - 51, 0xFF);
    assertThat(KeyEncoding.encode(AttributeValue.n("12345678901234567890123456789012345678E+88")))
        .hasSize(22);
  }

  @Test
  void shouldComputePrefixEnd() {
    assertThat(KeyEncoding.prefixEnd(new byte[] {1, 2, 3})).containsExactly(1, 2, 4);
    assertThat(KeyEncoding.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF})).containsExactly(2);
    assertThat(KeyEncoding.prefixEnd(new byte[] {1, (byte) 0xFE, (byte) 0xFF}))
        .containsExactly(1, 0xFF);
    assertThat(KeyEncoding.hasPrefixEnd(new byte[] {(byte) 0xFF})).isFalse();
    assertThatThrownBy(() -> KeyEncoding.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyEncoding.prefixEnd(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldEncodeBeginsWithPrefixWithoutTerminator() {
    byte[] prefix = KeyEncoding.encodePrefix(AttributeValue.s("ab"));
    assertThat(prefix).containsExactly(0x02, 'a', 'b');
    byte[] abc = KeyEncoding.encode(AttributeValue.s("abc"));
    byte[] ac = KeyEncoding.encode(AttributeValue.s("ac"));
    assertThat(Arrays.compareUnsigned(abc, KeyEncoding.prefixEnd(prefix))).isNegative();
    assertThat(Arrays.compareUnsigned(ac, KeyEncoding.prefixEnd(prefix))).isPositive();
    assertThatThrownBy(() -> KeyEncoding.encodePrefix(AttributeValue.n(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("S and B");
  }

  @Test
  void shouldRejectNonKeyTypes() {
    assertThatThrownBy(() -> KeyEncoding.encode(AttributeValue.bool(true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BOOL");
  }

  @Test
  void shouldRejectCorruptKeysWithOffset() {
    assertThatThrownBy(() -> KeyEncoding.decode(new byte[] {0x02, 'a'}, AttributeValue.Type.S))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 1")
        .hasMessageContaining("unterminated");
    assertThatThrownBy(
            () ->
                KeyEncoding.decode(
                    KeyEncoding.encode(AttributeValue.s("a")), AttributeValue.Type.N))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 0");
    assertThatThrownBy(
            () ->
                KeyEncoding.decode(
                    new byte[] {0x16, (byte) 131, (byte) 101, 0}, AttributeValue.Type.N))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 2");
    assertThatThrownBy(() -> KeyEncoding.decode(new byte[] {0x15, 0x15}, AttributeValue.Type.N))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void shouldMatchReferenceMurmur3() {
    byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
    assertThat(Murmur3.hash32(hello, 0, hello.length, 0)).isEqualTo(0x248bfa47);
    assertThat(Murmur3.hash32(new byte[0], 0, 0, 0)).isZero();
    byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
    assertThat(Murmur3.hash32(fox, 0, fox.length, 0)).isEqualTo(0x2e4ff723);
  }

  @Test
  void shouldSpreadPartitionsEvenlyOverSegments() {
    int segments = 16;
    int[] counts = new int[segments];
    int n = 32_000;
    for (int i = 0; i < n; i++) {
      byte[] key = KeyEncoding.encode(AttributeValue.s("user#" + i));
      counts[KeyEncoding.segmentOf(KeyEncoding.partitionHash(key), segments)]++;
    }
    for (int c : counts) {
      assertThat(c).isBetween(n / segments * 85 / 100, n / segments * 115 / 100);
    }
  }

  @Test
  void shouldMapHashRangesToSegmentsInOrder() {
    assertThat(KeyEncoding.segmentOf(0, 4)).isZero();
    assertThat(KeyEncoding.segmentOf(0x7FFF_FFFF, 4)).isEqualTo(1);
    assertThat(KeyEncoding.segmentOf(0x8000_0000, 4)).isEqualTo(2);
    assertThat(KeyEncoding.segmentOf(-1, 4)).isEqualTo(3);
    assertThat(KeyEncoding.segmentOf(-1, 1)).isZero();
  }

  @Test
  void shouldKeepPartitionWithZeroSuffixOutOfPartitionRange() {
    byte[] a = KeyEncoding.encode(AttributeValue.s("a"));
    byte[] aZero = KeyEncoding.encode(AttributeValue.s("a\0"), AttributeValue.s("x"));
    byte[] aItem = KeyEncoding.encode(AttributeValue.s("a"), AttributeValue.s("\uFFFF"));
    assertThat(Arrays.compareUnsigned(aZero, KeyEncoding.componentEnd(a))).isPositive();
    assertThat(Arrays.compareUnsigned(aItem, KeyEncoding.componentEnd(a))).isNegative();
  }
}

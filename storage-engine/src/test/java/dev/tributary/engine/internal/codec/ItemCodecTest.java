package dev.tributary.engine.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemCodecTest {

  private static Map<String, AttributeValue> sample() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.s("order#1"));
    item.put("total", AttributeValue.n("-12345678901234567890123456789.012345678"));
    item.put("qty", AttributeValue.n(3));
    item.put("tiny", AttributeValue.n("1E-130"));
    item.put("blob", AttributeValue.b((byte) 0, (byte) 0xFF));
    item.put("ok", AttributeValue.bool(true));
    item.put("gone", AttributeValue.nul());
    item.put("tags", AttributeValue.ss("a", "b"));
    item.put("nums", AttributeValue.ns("1", "-2.5", "99999999999999999999999999999999999999"));
    item.put("bins", AttributeValue.bs(Bytes.of((byte) 1), Bytes.EMPTY));
    item.put("addr", AttributeValue.m(Map.of("city", AttributeValue.s("Zürich 🏔"))));
    item.put(
        "list", AttributeValue.l(AttributeValue.n(1), AttributeValue.l(), AttributeValue.s("")));
    return item;
  }

  @Test
  void shouldRoundTripEveryType() {
    Map<String, AttributeValue> item = sample();
    Map<String, AttributeValue> decoded = ItemCodec.decode(ItemCodec.encode(item));
    assertThat(decoded).isEqualTo(item);
    assertThat(decoded.keySet()).containsExactlyElementsOf(item.keySet());
  }

  @Test
  void shouldStartWithFormatVersionAndBeCompact() {
    byte[] bytes = ItemCodec.encode(Map.of("a", AttributeValue.n(7)));
    // version, count, name length, 'a', number tag, scale 0, zigzag(7)
    assertThat(bytes).containsExactly(ItemCodec.FORMAT_V1, 1, 1, 'a', ItemCodec.T_N_LONG, 0, 14);
  }

  @Test
  void shouldDecodeNumbersExactly() {
    for (String n :
        List.of(
            "0",
            "-0.000000000000000000000000000000000001",
            "1E+125",
            "-9.9999999999999999999999999999999999999E+125",
            "123456789012345678901234567890")) {
      Map<String, AttributeValue> item = Map.of("n", AttributeValue.n(n));
      AttributeValue.N decoded =
          (AttributeValue.N) ItemCodec.decode(ItemCodec.encode(item)).get("n");
      assertThat(decoded.text()).isEqualTo(AttributeValue.n(n).text());
    }
  }

  @Test
  void shouldRejectUnknownVersion() {
    byte[] bytes = ItemCodec.encode(sample());
    bytes[0] = 9;
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 0")
        .hasMessageContaining("version 9");
  }

  @Test
  void shouldRejectBogusLengthWithoutAllocating() {
    // version, 1 attribute, name length 2^31-1 as a varint
    byte[] bytes = {1, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 2")
        .hasMessageContaining("exceeds");
  }

  @Test
  void shouldRejectOverlongVarint() {
    byte[] bytes = {1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 1");
  }

  @Test
  void shouldRejectTrailingBytes() {
    byte[] ok = ItemCodec.encode(sample());
    byte[] bytes = Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset " + ok.length)
        .hasMessageContaining("trailing");
  }

  @Test
  void shouldRejectDuplicateSetMembersAsCorruption() {
    // version, 1 attr "s", SS of 2 members "x", "x"
    byte[] bytes = {1, 1, 1, 's', ItemCodec.T_SS, 2, 1, 'x', 1, 'x'};
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 4")
        .hasMessageContaining("duplicates");
  }

  @Test
  void shouldRejectNestingBombWithoutStackOverflow() {
    // Each level: M tag, 1 entry, empty name; 100_000 levels deep, never terminated.
    int levels = 100_000;
    byte[] bytes = new byte[3 + levels * 3];
    bytes[0] = 1;
    bytes[1] = 1;
    bytes[2] = 0;
    for (int i = 0; i < levels; i++) {
      bytes[3 + i * 3] = ItemCodec.T_M;
      bytes[4 + i * 3] = 1;
      bytes[5 + i * 3] = 0;
    }
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nesting deeper than " + ItemCodec.MAX_DEPTH);
  }

  @Test
  void shouldRejectHugeUnscaledNumber() {
    // version, 1 attr "n", big number, scale 0, unscaled length 100 (38 digits need 17 at most)
    byte[] bytes = new byte[7 + 100];
    byte[] head = {1, 1, 1, 'n', ItemCodec.T_N_BIG, 0, 100};
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[7] = 1;
    assertThatThrownBy(() -> ItemCodec.decode(bytes))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset 6")
        .hasMessageContaining("100 bytes");
  }

  @Test
  void shouldReuseSink() {
    ByteSink sink = new ByteSink();
    ItemCodec.encode(sample(), sink);
    int first = sink.size();
    sink.reset();
    ItemCodec.encode(sample(), sink);
    assertThat(sink.size()).isEqualTo(first);
    assertThat(ItemCodec.decode(sink.toByteArray())).isEqualTo(sample());
  }
}

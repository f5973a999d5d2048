package dev.tributary.engine.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tributary.core.AttributeValue;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ItemCodecProperties {

  @Provide
  Arbitrary<Map<String, AttributeValue>> items() {
    return AttributeValueArbitraries.items();
  }

  @Property(tries = 500)
  void shouldRoundTripItems(@ForAll("items") Map<String, AttributeValue> item) {
    byte[] bytes = ItemCodec.encode(item);
    Map<String, AttributeValue> decoded = ItemCodec.decode(bytes);
    assertThat(decoded).isEqualTo(item);
    assertThat(decoded.keySet()).containsExactlyElementsOf(item.keySet());
  }

  @Property(tries = 300)
  void shouldKeepNestedMapOrder(@ForAll("items") Map<String, AttributeValue> item) {
    // AttributeValue.M keeps insertion order; its order must survive like the top level's.
    Map<String, AttributeValue> wrapped = new LinkedHashMap<>();
    wrapped.put("m", AttributeValue.m(item));
    AttributeValue.M decoded =
        (AttributeValue.M) ItemCodec.decode(ItemCodec.encode(wrapped)).get("m");
    assertThat(decoded.value().keySet()).containsExactlyElementsOf(item.keySet());
  }

  @Property(tries = 300)
  void shouldDecodeFromASlice(
      @ForAll("items") Map<String, AttributeValue> item,
      @ForAll @IntRange(max = 7) int before,
      @ForAll @IntRange(max = 7) int after) {
    byte[] bytes = ItemCodec.encode(item);
    byte[] padded = new byte[before + bytes.length + after];
    Arrays.fill(padded, (byte) 0x7F);
    System.arraycopy(bytes, 0, padded, before, bytes.length);
    assertThat(ItemCodec.decode(padded, before, bytes.length)).isEqualTo(item);
  }

  @Property(tries = 500)
  void shouldRejectEveryTruncation(
      @ForAll("items") Map<String, AttributeValue> item,
      @ForAll @IntRange(min = 0, max = 10_000) int cutSeed) {
    byte[] bytes = ItemCodec.encode(item);
    int cut = cutSeed % bytes.length; // a strict prefix, possibly empty
    assertThatThrownBy(() -> ItemCodec.decode(bytes, 0, cut))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("offset");
  }

  @Property(tries = 500)
  void shouldFailCleanlyOnCorruption(
      @ForAll("items") Map<String, AttributeValue> item,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll byte replacement) {
    byte[] bytes = ItemCodec.encode(item);
    bytes[position % bytes.length] = replacement;
    // Either it still decodes (the byte was inside a string, say) or it fails with a clear
    // IllegalStateException; never an index error, an OutOfMemoryError or a hang.
    Throwable t = catchThrowable(() -> ItemCodec.decode(bytes));
    if (t != null) {
      assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("offset");
    }
  }
}

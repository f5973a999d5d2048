package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.kafka.ChangeEventSerde;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class ChangeEventJsonProperties {
  @Provide
  Arbitrary<ChangeEvent> events() {
    return EventArbitraries.events();
  }

  @Property(tries = 300)
  void shouldRoundTripEveryEventThroughItsJson(@ForAll("events") ChangeEvent event) {
    assertThat(ChangeEventJson.fromJson(ChangeEventJson.toJson(event))).isEqualTo(event);
  }

  /** What Lambda's Java runtime computes from the number: {@code (long) (double * 1000)}. */
  @Property(tries = 5000)
  void shouldWriteCreationTimesThatLambdasDoubleReaderRecoversToTheMillisecond(
      @ForAll @LongRange(min = 1, max = 32_503_680_000_000L) long millis) {
    String text = ChangeEventJson.epochSeconds(millis).toPlainString();
    assertThat((long) (Double.parseDouble(text) * 1000.0)).isEqualTo(millis);
    assertThat(new BigDecimal(text).movePointRight(3).longValue()).isEqualTo(millis);
  }

  @Property(tries = 200)
  void shouldReadAndWriteTheSameJsonAsBytesAsAsText(@ForAll("events") ChangeEvent event) {
    byte[] utf8 = ChangeEventJson.toJsonBytes(event);
    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(ChangeEventJson.toJson(event));
    assertThat(ChangeEventJson.fromJson(utf8)).isEqualTo(event);
  }

  @Property(tries = 100)
  void shouldRoundTripEveryEventThroughTheKafkaSerde(@ForAll("events") ChangeEvent event) {
    assertThat(ChangeEventSerde.fromBytes(ChangeEventSerde.toBytes(event))).isEqualTo(event);
  }
}

package dev.tributary.connectors.internal;

import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.nul;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.junit.jupiter.api.Test;

class ColumnValuesTest {
  @Test
  void shouldKeepEveryDigitOfADecimalAndFallBackToStringPastDynamoDbsPrecision() {
    Schema dec = Decimal.schema(6);
    assertThat(ColumnValues.value(dec, new BigDecimal("12345678901234.123456")))
        .isEqualTo(n("12345678901234.123456"));
    assertThat(
            ColumnValues.value(dec, new BigDecimal("123456789012345678901234567890.123456789012")))
        .isEqualTo(s("123456789012345678901234567890.123456789012"));
  }

  @Test
  void shouldMapJsonByShape() {
    Schema json = SchemaBuilder.string().name("io.debezium.data.Json").build();
    assertThat(ColumnValues.value(json, "{\"a\": [1.10, true, null], \"b\": {\"c\": \"d\"}}"))
        .isEqualTo(m(Map.of("a", l(n("1.1"), bool(true), nul()), "b", m(Map.of("c", s("d"))))));
    assertThat(ColumnValues.value(json, "\"text\"")).isEqualTo(s("text"));
    assertThat(ColumnValues.value(json, "12345678901234567890.5"))
        .isEqualTo(n("12345678901234567890.5"));
  }

  @Test
  void shouldRenderTimesAsIso8601() {
    Schema micros = SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").build();
    assertThat(ColumnValues.value(micros, 1_709_214_330_123_456L))
        .isEqualTo(s("2024-02-29T13:45:30.123456"));
    Schema date = SchemaBuilder.int32().name("io.debezium.time.Date").build();
    assertThat(ColumnValues.value(date, 19_782)).isEqualTo(s("2024-02-29"));
    Schema time = SchemaBuilder.int64().name("io.debezium.time.MicroTime").build();
    assertThat(ColumnValues.value(time, 86_400_000_000L)).isEqualTo(s("24:00:00"));
  }

  @Test
  void shouldMapNonFiniteFloatsToStringsAndNullToNull() {
    assertThat(ColumnValues.value(Schema.OPTIONAL_FLOAT64_SCHEMA, Double.NaN)).isEqualTo(s("NaN"));
    assertThat(ColumnValues.value(Schema.OPTIONAL_FLOAT32_SCHEMA, 0.1f)).isEqualTo(n("0.1"));
    assertThat(ColumnValues.value(Schema.OPTIONAL_STRING_SCHEMA, null)).isEqualTo(nul());
  }
}

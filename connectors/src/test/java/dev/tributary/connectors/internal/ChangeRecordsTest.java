package dev.tributary.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeRecordsTest {
  private static ChangeEvent event(AttributeValue pk) {
    return new ChangeEvent(
        "id",
        EventName.INSERT,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        "arn",
        new StreamRecord(
            Map.of("pk", pk, "sk", AttributeValue.s("a")),
            Optional.empty(),
            Optional.empty(),
            "1",
            10,
            StreamViewType.KEYS_ONLY,
            Instant.EPOCH),
        Optional.empty(),
        false);
  }

  @Test
  void shouldKeyByTheCanonicalJsonOfThePartitionKeyOnly() {
    byte[] a = ChangeRecords.key(event(AttributeValue.n("1.50")), "pk");
    byte[] b = ChangeRecords.key(event(AttributeValue.n("1.5")), "pk");
    assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("{\"N\":\"1.5\"}");
    assertThat(a).isEqualTo(b);
  }

  @Test
  void shouldCarryTheRoutingHeaders() {
    var r = ChangeRecords.of(event(AttributeValue.s("k")), "Orders", "pk");
    assertThat(r.topic()).isEqualTo("tributary.changes.Orders");
    assertThat(
            new String(
                r.headers().lastHeader("tributary.eventName").value(), StandardCharsets.UTF_8))
        .isEqualTo("INSERT");
    assertThat(
            new String(r.headers().lastHeader("tributary.table").value(), StandardCharsets.UTF_8))
        .isEqualTo("Orders");
    // Sequence and snapshot flag too: pipelines that route on names drop redeliveries unparsed.
    assertThat(
            new String(
                r.headers().lastHeader("tributary.sequence").value(), StandardCharsets.UTF_8))
        .isEqualTo("1");
    assertThat(
            new String(
                r.headers().lastHeader("tributary.snapshot").value(), StandardCharsets.UTF_8))
        .isEqualTo("false");
  }
}

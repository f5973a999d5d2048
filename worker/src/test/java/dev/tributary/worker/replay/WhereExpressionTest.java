package dev.tributary.worker.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.replay.Position;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhereExpressionTest {
  static ChangeEvent event(
      EventName name, Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
    Map<String, AttributeValue> keys = Map.of("id", AttributeValue.s("o1"));
    return new ChangeEvent(
        "e1",
        name,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/x",
        new StreamRecord(
            keys,
            Optional.ofNullable(newImage),
            Optional.ofNullable(oldImage),
            "00000000000000000000042",
            10,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.parse("2025-01-15T10:30:00Z")),
        Optional.empty(),
        false);
  }

  static Map<String, AttributeValue> order(String status, int total) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("id", AttributeValue.s("o1"));
    m.put("status", AttributeValue.s(status));
    m.put("total", AttributeValue.n(total));
    m.put("SK", AttributeValue.s("ORDER#2025"));
    m.put("address", AttributeValue.m(Map.of("city", AttributeValue.s("Paris"))));
    m.put("tags", AttributeValue.l(List.of(AttributeValue.s("gift"))));
    m.put("paid", AttributeValue.bool(true));
    return m;
  }

  @Test
  void shouldTakeInlineLiteralsAndReservedAttributeNames() {
    ChangeEvent shipped = event(EventName.MODIFY, order("SHIPPED", 120), order("PENDING", 120));
    assertThat(WhereExpression.parse("status = 'SHIPPED' AND total >= 100").test(shipped)).isTrue();
    assertThat(WhereExpression.parse("status = \"PENDING\"").test(shipped)).isFalse();
    assertThat(WhereExpression.parse("total BETWEEN -5 AND 1.2e2").test(shipped)).isTrue();
    assertThat(
            WhereExpression.parse("begins_with(SK, 'ORDER#') AND NOT attribute_exists(archivedAt)")
                .test(shipped))
        .isTrue();
    assertThat(WhereExpression.parse("address.city IN ('Lyon', 'Paris')").test(shipped)).isTrue();
    assertThat(WhereExpression.parse("tags[0] = 'gift' and paid = true").test(shipped)).isTrue();
    assertThat(WhereExpression.parse("size(tags) > 1").test(shipped)).isFalse();
    assertThat(WhereExpression.parse("status = 'it''s'").test(shipped)).isFalse();
  }

  @Test
  void shouldLookAtTheOldImageOfARemove() {
    ChangeEvent removed = event(EventName.REMOVE, null, order("CANCELLED", 3));
    assertThat(WhereExpression.parse("status = 'CANCELLED'").test(removed)).isTrue();
  }

  @Test
  void shouldRejectBadExpressionsWithOneClearLine() {
    assertThatThrownBy(() -> WhereExpression.parse("status = = 'x'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--where expression 'status = = 'x'' is not valid");
    assertThatThrownBy(() -> WhereExpression.parse("status = :s")).hasMessageContaining("inline");
    assertThatThrownBy(() -> WhereExpression.parse("status = 'open"))
        .hasMessageContaining("unterminated quote");
    assertThatThrownBy(() -> WhereExpression.parse(" ")).hasMessageContaining("empty");
  }

  @Test
  void shouldParsePositionsFromTheCommandLine() {
    assertThat(Position.parse("1042")).isEqualTo(new Position.Sequence(BigInteger.valueOf(1042)));
    assertThat(Position.parse("2025-01-15T10:30:00Z"))
        .isEqualTo(Position.time(Instant.parse("2025-01-15T10:30:00Z")));
    assertThat(Position.parse("2025-01-15"))
        .isEqualTo(Position.time(Instant.parse("2025-01-15T00:00:00Z")));
    assertThatThrownBy(() -> Position.parse("yesterday"))
        .hasMessageContaining("neither a sequence number");
    ChangeEvent e = event(EventName.INSERT, order("A", 1), null);
    assertThat(Position.parse("42").eventIsAtOrAfter(e)).isTrue();
    assertThat(Position.parse("43").eventIsAtOrAfter(e)).isFalse();
    assertThat(Position.parse("2025-01-15T10:30:00Z").eventIsAtOrBefore(e)).isTrue();
    assertThat(Position.parse("2025-01-15T10:29:59Z").eventIsAtOrBefore(e)).isFalse();
  }
}

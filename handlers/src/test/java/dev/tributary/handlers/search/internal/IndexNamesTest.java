package dev.tributary.handlers.search.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.handlers.search.Events;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexNamesTest {
  @Test
  void shouldNameTheIndexAfterTheLowerCasedTable() {
    IndexNames names = new IndexNames("cdc-{table}", Map.of("Special", "special-v2"));
    assertThat(names.indexOf(Events.remove("OrderItems", 1, Map.of()))).isEqualTo("cdc-orderitems");
    assertThat(names.indexOfTable("Special")).isEqualTo("special-v2");
  }

  @Test
  void shouldFindTheTableInTheSourceArn() {
    assertThat(IndexNames.tableOf(Events.remove("Orders", 1, Map.of()))).isEqualTo("Orders");
    var noTable = Events.event("x", EventName.REMOVE, "1", Map.of(), Optional.empty());
    var odd =
        new ChangeEvent(
            noTable.eventId(),
            noTable.eventName(),
            "1.1",
            "aws:dynamodb",
            "us-east-1",
            "arn:aws:kinesis:us-east-1:1:stream/x",
            noTable.dynamodb(),
            Optional.empty(),
            false);
    assertThatThrownBy(() -> IndexNames.tableOf(odd))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("stream/x");
  }

  @Test
  void shouldRejectTablesThatMakeNoValidIndexName() {
    IndexNames names = new IndexNames("{table}", Map.of());
    assertThatThrownBy(() -> names.indexOfTable("_private"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("'_private'");
  }

  @Test
  void shouldRejectBadTemplatesAndIndicesAtOnce() {
    assertThatThrownBy(() -> new IndexNames("Orders-{table}", Map.of()))
        .hasMessageContaining("lower-case");
    assertThatThrownBy(() -> new IndexNames("{tabel}", Map.of()))
        .hasMessageContaining("no placeholder but {table}");
    assertThatThrownBy(() -> new IndexNames("a b{table}", Map.of())).hasMessageContaining("' '");
    assertThatThrownBy(() -> new IndexNames("{table}", Map.of("T", "_x")))
        .hasMessageContaining("for table 'T'");
  }
}

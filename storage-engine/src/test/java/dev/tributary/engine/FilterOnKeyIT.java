package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.Item;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilterOnKeyIT {
  @TempDir Path dir;

  @Test
  void shouldRejectQueryFiltersOnKeyAttributesButAllowTableKeysOnAnIndex() {
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      engine.createTable(
          CreateTableRequest.builder("Orders")
              .partitionKey("customerId", ScalarAttributeType.S)
              .sortKey("orderDate", ScalarAttributeType.S)
              .attribute("status", ScalarAttributeType.S)
              .globalSecondaryIndex(
                  GlobalSecondaryIndex.of(
                      "ByStatus", Projection.all(), KeySchemaElement.hash("status")))
              .build());
      engine.putItem(
          PutItemRequest.of(
              "Orders",
              Item.builder()
                  .s("customerId", "C1")
                  .s("orderDate", "2025-01-01")
                  .s("status", "NEW")
                  .build()));

      assertThatThrownBy(
              () ->
                  engine.query(
                      QueryRequest.builder("Orders", "customerId = :c")
                          .filter("orderDate > :d")
                          .value(":c", s("C1"))
                          .value(":d", s("2024"))
                          .build()))
          .isInstanceOf(ValidationException.class)
          .hasMessage(
              "Filter Expression can only contain non-primary key attributes: Primary key attribute: orderDate");
      assertThatThrownBy(
              () ->
                  engine.query(
                      QueryRequest.builder("Orders", "#s = :s")
                          .index("ByStatus")
                          .filter("#s <> :x")
                          .name("#s", "status")
                          .value(":s", s("NEW"))
                          .value(":x", s("OLD"))
                          .build()))
          .hasMessageEndingWith("Primary key attribute: status");
      assertThat(
              engine
                  .query(
                      QueryRequest.builder("Orders", "#s = :s")
                          .index("ByStatus")
                          .filter("orderDate > :d")
                          .name("#s", "status")
                          .value(":s", s("NEW"))
                          .value(":d", s("2024"))
                          .build())
                  .count())
          .isEqualTo(1);
    }
  }
}

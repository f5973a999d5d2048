package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.engine.expression.Conditions.attr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.Item;
import dev.tributary.engine.expression.Conditions;
import dev.tributary.engine.expression.KeyConditions;
import dev.tributary.engine.expression.Projection;
import dev.tributary.engine.expression.Updates;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java users write typed expressions; the engine evaluates them exactly as the strings. */
class TypedExpressionsIT {
  @TempDir Path dir;
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    engine.createTable(
        CreateTableRequest.builder("AppData")
            .partitionKey("PK", ScalarAttributeType.S)
            .sortKey("SK", ScalarAttributeType.S)
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void shouldApplyTypedConditionsUpdatesKeyConditionsAndProjections() {
    engine.putItem(
        PutItemRequest.builder(
                "AppData",
                Item.builder()
                    .s("PK", "USER#1")
                    .s("SK", "ORDER#1")
                    .s("status", "PENDING")
                    .n("version", 1)
                    .n("total", "10")
                    .build())
            .condition(Conditions.attributeNotExists("PK"))
            .build());
    assertThatThrownBy(
            () ->
                engine.putItem(
                    PutItemRequest.builder(
                            "AppData", Item.builder().s("PK", "USER#1").s("SK", "ORDER#1").build())
                        .condition(Conditions.attributeNotExists("PK"))
                        .build()))
        .isInstanceOf(ConditionalCheckFailedException.class);

    var updated =
        engine.updateItem(
            UpdateItemRequest.builder("AppData", Item.key("PK", "USER#1", "SK", "ORDER#1"))
                .update(
                    Updates.set("status", s("SHIPPED"))
                        .set("version", Updates.plus(Updates.path("version"), Updates.value(n(1))))
                        .build())
                .condition(attr("version").eq(n(1)).and(attr("status").eq(s("PENDING"))))
                .returnValues(ReturnValue.UPDATED_NEW)
                .build());
    assertThat(updated.attributes())
        .hasValueSatisfying(
            a ->
                assertThat(a).containsEntry("status", s("SHIPPED")).containsEntry("version", n(2)));

    PageResponse page =
        engine.query(
            QueryRequest.builder(
                    "AppData",
                    KeyConditions.partition("PK")
                        .eq(s("USER#1"))
                        .and(KeyConditions.sort("SK").beginsWith(s("ORDER#"))))
                .filter(attr("total").ge(n(10)))
                .projection(Projection.of("status", "version"))
                .build());
    assertThat(page.items()).containsExactly(Map.of("status", s("SHIPPED"), "version", n(2)));
  }
}

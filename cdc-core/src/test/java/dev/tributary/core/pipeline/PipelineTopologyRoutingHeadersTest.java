package dev.tributary.core.pipeline;

import static dev.tributary.core.pipeline.PipelineDriver.bytes;
import static dev.tributary.core.pipeline.PipelineDriver.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.internal.EventPredicates;
import dev.tributary.core.pipeline.internal.RoutingPlan;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every topology test again with records carrying the routing headers sources write (sequence and
 * snapshot flag too), so pipelines that need only event names take the path that does not parse;
 * the results must not change. Plus what only that path does.
 */
class PipelineTopologyRoutingHeadersTest extends PipelineTopologyTest {
  private static final String SEQ_1 = String.format("%021d", 1);

  @Override
  PipelineDriver drive(Pipeline p) {
    return new PipelineDriver(p, stateDir, true);
  }

  private static Map<String, AttributeValue> order(String status) {
    return Item.builder().s("status", status).build();
  }

  private static Pipeline.Builder orders() {
    return Pipeline.builder("orders").source("Orders");
  }

  @Test
  void shouldRouteOnHeadersWithoutParsingTheValueWhenRoutesNeedOnlyTheEventName() {
    Pipeline p =
        orders()
            .route("created", Routes.onInsert(), NoOpHandler.spec())
            .route("gone", Routes.onRemove(), NoOpHandler.spec())
            .build();
    assertThat(RoutingPlan.of(p).routesOnHeaders()).isTrue();
    try (PipelineDriver d = drive(p)) {
      byte[] notJson = bytes("{not an event");
      d.sendRaw(
          "Orders",
          "k",
          notJson,
          ChangeEventSerde.HEADER_EVENT_NAME,
          "INSERT",
          ChangeEventSerde.HEADER_TABLE,
          "Orders",
          ChangeEventSerde.HEADER_SEQUENCE,
          SEQ_1,
          ChangeEventSerde.HEADER_SNAPSHOT,
          "false");
      // Not parsed: the value goes through as it is (the runner dead-letters it when it parses).
      var created = d.laneRecords("created");
      assertThat(created).hasSize(1);
      assertThat(created.get(0).value()).isEqualTo(notJson);
      assertThat(header(created.get(0), ChangeEventSerde.HEADER_TABLE)).isEqualTo("Orders");
      assertThat(d.laneRecords("gone")).isEmpty();
      assertThat(d.deadLetters()).isEmpty();
    }
  }

  @Test
  void shouldParseWhenARouteLooksAtTheImagesEvenWithRoutingHeaders() {
    Pipeline p =
        orders()
            .route(
                "paid", Events.newImage("status").eq(AttributeValue.s("PAID")), NoOpHandler.spec())
            .build();
    assertThat(RoutingPlan.of(p).routesOnHeaders()).isFalse();
    try (PipelineDriver d = drive(p)) {
      d.sendRaw(
          "Orders",
          "k",
          bytes("{not an event"),
          ChangeEventSerde.HEADER_EVENT_NAME,
          "INSERT",
          ChangeEventSerde.HEADER_SEQUENCE,
          SEQ_1,
          ChangeEventSerde.HEADER_SNAPSHOT,
          "false");
      assertThat(d.laneRecords("paid")).isEmpty();
      assertThat(d.deadLetters()).hasSize(1);
    }
  }

  @Test
  void shouldParseWhenARoutingHeaderIsMalformed() {
    Pipeline p = orders().route("all", Routes.always(), NoOpHandler.spec()).build();
    try (PipelineDriver d = drive(p)) {
      d.sendRaw(
          "Orders",
          "k",
          bytes("{not an event"),
          ChangeEventSerde.HEADER_EVENT_NAME,
          "INSERT",
          ChangeEventSerde.HEADER_SEQUENCE,
          "-1",
          ChangeEventSerde.HEADER_SNAPSHOT,
          "false");
      assertThat(d.laneRecords("all")).isEmpty();
      assertThat(d.deadLetters()).hasSize(1);
    }
  }

  @Test
  void shouldDropRedeliveriesByTheSequenceHeaderAcrossBothPaths() {
    Pipeline p = orders().route("all", Routes.always(), NoOpHandler.spec()).build();
    try (PipelineDriver d = drive(p)) {
      TestEvents item = TestEvents.on("Orders").pk("id", "o-1");
      d.send(item.seq(5).insert(order("NEW")));
      d.send(item.seq(5).insert(order("NEW"))); // the same event again
      d.send(item.seq(3).modify(order("NEW"), order("OLD"))); // older
      ChangeEvent older = item.seq(4).modify(order("NEW"), order("PAID"));
      d.sendRaw("Orders", "o-1", ChangeEventSerde.toBytes(older)); // no headers: parsed, old too
      d.send(item.seq(10).modify(order("NEW"), order("PAID")));
      assertThat(d.lane("all"))
          .extracting(e -> Long.parseLong(e.dynamodb().sequenceNumber()))
          .containsExactly(5L, 10L);
    }
  }

  @Test
  void shouldTellWhichPredicatesTheHeadersDecide() {
    assertThat(EventPredicates.decidedByRoutingHeaders(Routes.onInsert().or(Routes.onRemove())))
        .isTrue();
    assertThat(EventPredicates.decidedByRoutingHeaders(Events.snapshots().negate())).isTrue();
    assertThat(EventPredicates.decidedByRoutingHeaders(Routes.always().and(Events.table("A"))))
        .isFalse();
    assertThat(EventPredicates.decidedByRoutingHeaders(Events.changed("status"))).isFalse();
    assertThat(EventPredicates.decidedByRoutingHeaders(Events.matching("mine", e -> true)))
        .isFalse();
  }
}

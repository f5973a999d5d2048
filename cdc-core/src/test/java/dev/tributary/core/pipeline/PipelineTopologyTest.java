package dev.tributary.core.pipeline;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.EventName.INSERT;
import static dev.tributary.core.EventName.MODIFY;
import static dev.tributary.core.EventName.REMOVE;
import static dev.tributary.core.pipeline.PipelineDriver.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTopologyTest {
  @TempDir Path stateDir;

  private static Map<String, AttributeValue> order(String status) {
    return Item.builder().s("status", status).n("total", 42).s("note", "n").build();
  }

  private static Pipeline.Builder orders() {
    return Pipeline.builder("orders").source("Orders");
  }

  /** Records carry only the event-name and table headers, so the topology parses every one. */
  PipelineDriver drive(Pipeline p) {
    return new PipelineDriver(p, stateDir, false);
  }

  @Test
  void shouldRouteInsertsModifiesAndRemovesToTheirLanes() {
    Pipeline p =
        orders()
            .route("welcome", Routes.onInsert(), NoOpHandler.spec())
            .route("audit", Routes.onModify(), NoOpHandler.spec())
            .route("cleanup", Routes.onRemove(), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      TestEvents item = TestEvents.on("Orders").pk("id", "o-1");
      d.send(item.seq(1).insert(order("NEW")));
      d.send(item.seq(2).modify(order("NEW"), order("PAID")));
      d.send(item.seq(3).remove(order("PAID")));
      assertThat(d.lane("welcome"))
          .extracting(e -> e.dynamodb().sequenceNumber())
          .containsExactly(String.format("%021d", 1));
      assertThat(d.laneNames("audit")).containsExactly(MODIFY);
      assertThat(d.laneNames("cleanup")).containsExactly(REMOVE);
    }
  }

  @Test
  void shouldDeliverOneEventToEveryLaneWhoseRouteMatchesKeepingKeyAndHeaders() {
    Pipeline p =
        orders()
            .route("email", Routes.onInsert(), NoOpHandler.spec())
            .route("index", Routes.always(), NoOpHandler.spec())
            .route("big", Events.newImage("total").gt(100), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      ChangeEvent e = TestEvents.on("Orders").pk("id", "o-7").insert(order("NEW"));
      d.send(e);
      List<TestRecord<byte[], byte[]>> email = d.laneRecords("email");
      List<TestRecord<byte[], byte[]>> index = d.laneRecords("index");
      assertThat(email).hasSize(1);
      assertThat(index).hasSize(1);
      assertThat(d.lane("big")).isEmpty();
      TestRecord<byte[], byte[]> r = email.get(0);
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("o-7");
      assertThat(ChangeEventSerde.fromBytes(r.value())).isEqualTo(e);
      assertThat(header(r, ChangeEventSerde.HEADER_EVENT_NAME)).isEqualTo("INSERT");
      assertThat(header(r, ChangeEventSerde.HEADER_TABLE)).isEqualTo("Orders");
      assertThat(header(r, "trace-id")).isEqualTo("t-" + e.eventId());
    }
  }

  @Test
  void shouldRouteOneDeclarationToSeveralHandlersAndUniteAHandlersRoutes() {
    Pipeline p =
        orders()
            .handler("a", NoOpHandler.spec())
            .handler("b", NoOpHandler.spec())
            .route(Routes.onRemove(), "a", "b")
            .route(Routes.onInsert(), "a")
            .build();
    try (PipelineDriver d = drive(p)) {
      TestEvents item = TestEvents.on("Orders").pk("id", "o-1");
      d.send(item.seq(1).insert(order("NEW")));
      d.send(item.seq(2).modify(order("NEW"), order("PAID")));
      d.send(item.seq(3).remove(order("PAID")));
      assertThat(d.laneNames("a")).containsExactly(INSERT, REMOVE);
      assertThat(d.laneNames("b")).containsExactly(REMOVE);
    }
  }

  @Test
  void shouldKeepOnlyOneEntityTypeOfASingleTableDesign() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("App")
            .filter(Events.partitionKeyBeginsWith("PK", "USER#"))
            .filter(Events.sortKeyBeginsWith("SK", "ORDER#"))
            .route("orders", Routes.always(), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      d.send(TestEvents.on("App").pk("PK", "USER#1").sk("SK", "PROFILE").seq(1).insert(Map.of()));
      d.send(
          TestEvents.on("App")
              .pk("PK", "USER#1")
              .sk("SK", "ORDER#2026-01")
              .seq(2)
              .insert(Map.of()));
      d.send(
          TestEvents.on("App").pk("PK", "PRODUCT#9").sk("SK", "ORDER#x").seq(3).insert(Map.of()));
      assertThat(d.lane("orders"))
          .extracting(e -> e.dynamodb().keys().get("SK"))
          .containsExactly(s("ORDER#2026-01"));
    }
  }

  @Test
  void shouldRouteStatusTransitionsAndIgnoreChangesOfOtherAttributes() {
    Pipeline p =
        orders()
            .route(
                "shipped",
                Events.transition("status", s("PENDING"), s("SHIPPED")),
                NoOpHandler.spec())
            .route("status", Events.changed("status"), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      TestEvents item = TestEvents.on("Orders").pk("id", "o-1");
      d.send(item.seq(1).insert(order("PENDING")));
      d.send(
          item.seq(2)
              .modify(
                  order("PENDING"), Item.builder().s("status", "PENDING").n("total", 43).build()));
      d.send(item.seq(3).modify(order("PENDING"), order("SHIPPED")));
      d.send(item.seq(4).modify(order("SHIPPED"), order("DELIVERED")));
      assertThat(d.lane("shipped"))
          .extracting(e -> e.dynamodb().sequenceNumber())
          .containsExactly(String.format("%021d", 3));
      assertThat(d.lane("status"))
          .extracting(e -> Long.parseLong(e.dynamodb().sequenceNumber()))
          .containsExactly(1L, 3L, 4L);
    }
  }

  @Test
  void shouldDeliverTheViewsChangesAsAFirestoreListenerSeesThem() {
    Pipeline p =
        orders()
            .where(Images.attr("status").eq(s("PENDING")))
            .route("pending", Routes.always(), NoOpHandler.spec())
            .route("entered", Routes.onInsert(), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      TestEvents a = TestEvents.on("Orders").pk("id", "a");
      d.send(a.seq(1).insert(order("DRAFT"))); // outside: nothing
      d.send(a.seq(2).modify(order("DRAFT"), order("PENDING"))); // enters: INSERT
      d.send(
          a.seq(3)
              .modify(
                  order("PENDING"),
                  Item.builder().s("status", "PENDING").n("total", 7).build())); // inside: MODIFY
      d.send(a.seq(4).modify(order("PENDING"), order("SHIPPED"))); // leaves: REMOVE
      d.send(a.seq(5).modify(order("SHIPPED"), order("DELIVERED"))); // outside: nothing
      TestEvents b = TestEvents.on("Orders").pk("id", "b");
      d.send(b.seq(6).insert(order("PENDING"))); // inserted inside: INSERT
      d.send(b.seq(7).remove(order("PENDING"))); // deleted inside: REMOVE
      d.send(TestEvents.on("Orders").pk("id", "c").seq(8).remove(order("DRAFT"))); // outside

      List<TestRecord<byte[], byte[]>> records = d.laneRecords("pending");
      List<ChangeEvent> events =
          records.stream().map(r -> ChangeEventSerde.fromBytes(r.value())).toList();
      assertThat(events)
          .extracting(ChangeEvent::eventName)
          .containsExactly(INSERT, MODIFY, REMOVE, INSERT, REMOVE);
      assertThat(records)
          .extracting(r -> header(r, ChangeEventSerde.HEADER_EVENT_NAME))
          .containsExactly("INSERT", "MODIFY", "REMOVE", "INSERT", "REMOVE");
      ChangeEvent entered = events.get(0);
      assertThat(entered.dynamodb().oldImage()).isEmpty();
      assertThat(entered.dynamodb().newImage().orElseThrow().get("status")).isEqualTo(s("PENDING"));
      ChangeEvent left = events.get(2);
      assertThat(left.dynamodb().newImage()).isEmpty();
      assertThat(left.dynamodb().oldImage().orElseThrow().get("status")).isEqualTo(s("PENDING"));
      assertThat(left.eventId())
          .isEqualTo(TestEvents.on("Orders").seq(4).insert(Map.of()).eventId());
      assertThat(d.laneNames("entered")).containsExactly(INSERT, INSERT);
    }
  }

  @Test
  void shouldProjectImagesButAlwaysKeepTheKeys() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("App")
            .project("status")
            .route("slim", Routes.always(), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      d.send(
          TestEvents.on("App")
              .pk("PK", "USER#1")
              .sk("SK", "ORDER#1")
              .modify(order("NEW"), order("PAID")));
      ChangeEvent e = d.lane("slim").get(0);
      Map<String, AttributeValue> expected =
          Map.of("PK", s("USER#1"), "SK", s("ORDER#1"), "status", s("PAID"));
      assertThat(e.dynamodb().newImage()).contains(expected);
      assertThat(e.dynamodb().oldImage().orElseThrow()).containsOnlyKeys("PK", "SK", "status");
      assertThat(e.dynamodb().keys()).containsOnlyKeys("PK", "SK");
    }
  }

  @Test
  void shouldRouteOnAttributesTheProjectionDrops() {
    Pipeline p =
        orders()
            .project("status")
            .route("big", Events.newImage("total").ge(n(42)), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      d.send(TestEvents.on("Orders").insert(order("NEW")));
      assertThat(d.lane("big"))
          .singleElement()
          .satisfies(
              e -> assertThat(e.dynamodb().newImage().orElseThrow()).doesNotContainKey("total"));
    }
  }

  @Test
  void shouldDropDuplicateAndOlderRedeliveriesPerKeyAndTable() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("Orders", "Returns")
            .route("all", Routes.always(), NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      TestEvents a = TestEvents.on("Orders").pk("id", "a");
      d.send(a.seq(5).insert(order("NEW")));
      d.send(a.seq(5).insert(order("NEW"))); // same event again: dropped
      d.send(a.seq(3).modify(order("X"), order("Y"))); // older: dropped
      d.send(TestEvents.on("Orders").pk("id", "b").seq(4).insert(order("NEW"))); // other key: kept
      d.send(
          TestEvents.on("Returns").pk("id", "a").seq(2).insert(order("NEW"))); // other table: kept
      d.send(a.seq(6).modify(order("NEW"), order("PAID"))); // newer: kept
      // Sequences of different widths compare as numbers: 10 is after 9, though "10" < "9".
      d.send(a.seq(9).modify(order("PAID"), order("X")));
      ChangeEvent ten = withSequence(a.seq(10).modify(order("X"), order("Y")), "10");
      d.send(ten);
      assertThat(d.lane("all"))
          .extracting(e -> e.dynamodb().sequenceNumber())
          .containsExactly(seq(5), seq(4), seq(2), seq(6), seq(9), "10");
    }
  }

  @Test
  void shouldDeduplicateRecordsWithoutAKeyByTheItemsKeys() {
    Pipeline p = orders().route("all", Routes.always(), NoOpHandler.spec()).build();
    try (PipelineDriver d = drive(p)) {
      ChangeEvent a = TestEvents.on("Orders").pk("id", "a").seq(2).insert(order("NEW"));
      ChangeEvent b = TestEvents.on("Orders").pk("id", "b").seq(1).insert(order("NEW"));
      d.sendRaw("Orders", null, ChangeEventSerde.toBytes(a));
      d.sendRaw("Orders", null, ChangeEventSerde.toBytes(a));
      d.sendRaw("Orders", null, ChangeEventSerde.toBytes(b)); // older sequence, but another item
      assertThat(d.lane("all")).containsExactly(a, b);
    }
  }

  @Test
  void shouldDeliverSnapshotEventsOnlyToLanesThatWantThem() {
    Pipeline p =
        orders()
            .route("wants", Routes.always(), NoOpHandler.spec())
            .route("refuses", Routes.always(), NoOpHandler.refusingSnapshots())
            .route(
                "overridden", Routes.always(), NoOpHandler.refusingSnapshots().snapshotEvents(true))
            .route(
                "typed", Routes.always(), HandlerSpec.ofType("noop", Map.of("snapshots", "false")))
            .build();
    try (PipelineDriver d = drive(p)) {
      d.send(TestEvents.on("Orders").pk("id", "a").seq(7).snapshot().insert(order("NEW")));
      // A snapshot's sequence must not make the next real change look old.
      d.send(TestEvents.on("Orders").pk("id", "a").seq(3).insert(order("NEW")));
      assertThat(d.lane("wants")).extracting(ChangeEvent::snapshot).containsExactly(true, false);
      assertThat(d.lane("overridden"))
          .extracting(ChangeEvent::snapshot)
          .containsExactly(true, false);
      assertThat(d.lane("refuses")).extracting(ChangeEvent::snapshot).containsExactly(false);
      assertThat(d.lane("typed")).extracting(ChangeEvent::snapshot).containsExactly(false);
    }
  }

  @Test
  void shouldSendPoisonRecordsToTheTopologyDeadLetterTopicAndKeepFlowing() {
    Pipeline p = orders().route("all", Routes.always(), NoOpHandler.spec()).build();
    try (PipelineDriver d = drive(p)) {
      d.sendRaw("Orders", "k1", "not json".getBytes(StandardCharsets.UTF_8));
      d.sendRaw("Orders", "k2", "{\"eventID\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      d.sendRaw("Orders", "k3", null);
      d.send(withSequence(TestEvents.on("Orders").pk("id", "z").insert(order("NEW")), "12ab"));
      d.send(TestEvents.on("Orders").pk("id", "a").insert(order("NEW")));

      assertThat(d.lane("all"))
          .extracting(e -> e.dynamodb().keys().get("id"))
          .containsExactly(s("a"));
      List<TestRecord<byte[], byte[]>> dead = d.deadLetters();
      assertThat(dead).hasSize(4);
      TestRecord<byte[], byte[]> first = dead.get(0);
      assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k1");
      assertThat(new String(first.value(), StandardCharsets.UTF_8)).isEqualTo("not json");
      assertThat(header(first, DeadLetterHeaders.ERROR_CLASS))
          .isEqualTo("dev.tributary.core.BadRecordException");
      assertThat(header(first, DeadLetterHeaders.ERROR_MESSAGE)).isNotBlank();
      assertThat(header(first, DeadLetterHeaders.SOURCE_TOPIC))
          .isEqualTo("tributary.changes.Orders");
      assertThat(header(first, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
      assertThat(header(first, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
      assertThat(header(dead.get(1), DeadLetterHeaders.ERROR_MESSAGE)).contains("eventName");
      assertThat(header(dead.get(2), DeadLetterHeaders.ERROR_MESSAGE)).contains("tombstone");
      assertThat(header(dead.get(3), DeadLetterHeaders.ERROR_MESSAGE)).contains("12ab");
    }
  }

  @Test
  void shouldDeadLetterAnEventWhosePredicateThrows() {
    Pipeline p =
        orders()
            .route(
                "all",
                Events.matching(
                    "explodes on b",
                    e -> {
                      if (e.dynamodb().keys().get("id").equals(s("b"))) {
                        throw new IllegalStateException("boom");
                      }
                      return true;
                    }),
                NoOpHandler.spec())
            .build();
    try (PipelineDriver d = drive(p)) {
      d.send(TestEvents.on("Orders").pk("id", "b").seq(1).insert(order("NEW")));
      d.send(TestEvents.on("Orders").pk("id", "a").seq(2).insert(order("NEW")));
      assertThat(d.lane("all")).hasSize(1);
      assertThat(d.deadLetters())
          .singleElement()
          .satisfies(r -> assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("boom"));
    }
  }

  @Test
  void shouldConfigureExactlyOnceStreams() {
    Pipeline p = orders().route("all", Routes.always(), NoOpHandler.spec()).build();
    Properties c = PipelineTopology.streamsConfig(p, "localhost:9092", stateDir);
    assertThat(c)
        .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
        .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "tributary.pipeline.orders")
        .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100")
        .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1")
        .containsEntry("producer.batch.size", 65536)
        .containsEntry("producer.compression.type", "lz4")
        .containsEntry(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    Properties three =
        PipelineTopology.streamsConfig(
            p, "b:9092", stateDir, Map.of(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3));
    assertThat(three).containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3);
  }

  @Test
  void shouldDescribeTheTopologyWithItsLanesStoreAndDeadLetterTopic() {
    Pipeline p =
        Pipeline.builder("orders")
            .source("Orders", "Returns")
            .route("email", Routes.onInsert(), NoOpHandler.spec())
            .route("index", Routes.always(), NoOpHandler.spec())
            .build();
    String described = PipelineTopology.build(p).describe().toString();
    assertThat(described)
        .contains("tributary.changes.Orders", "tributary.changes.Returns")
        .contains("tributary.lane.orders.email", "tributary.lane.orders.index")
        .contains("tributary.dlq.orders._topology")
        .contains(PipelineTopology.sequenceStoreName());
  }

  private static String seq(long n) {
    return String.format("%021d", n);
  }

  private static ChangeEvent withSequence(ChangeEvent e, String sequence) {
    var r = e.dynamodb();
    return new ChangeEvent(
        e.eventId(),
        e.eventName(),
        e.eventVersion(),
        e.eventSource(),
        e.awsRegion(),
        e.eventSourceArn(),
        new StreamRecord(
            r.keys(),
            r.newImage(),
            r.oldImage(),
            sequence,
            r.sizeBytes(),
            r.streamViewType(),
            r.approximateCreationDateTime()),
        e.userIdentity(),
        e.snapshot());
  }
}

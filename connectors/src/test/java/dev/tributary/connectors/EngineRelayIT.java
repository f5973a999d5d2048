package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.connectors.ChangeTopicReader.Read;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine relay on a real engine (RocksDB in a temp dir) and an embedded broker. */
class EngineRelayIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final AtomicInteger IDS = new AtomicInteger();
  @TempDir static Path brokerDir;
  private static EmbeddedKafka kafka;

  @TempDir Path dir;
  private TributaryEngine engine;
  private String relayId;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(brokerDir.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void openEngine() {
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir.resolve("engine")).syncWrites(false).build());
    relayId = "relay" + IDS.incrementAndGet();
  }

  @AfterEach
  void closeEngine() {
    engine.close();
  }

  private EngineRelay.Builder relay() {
    return EngineRelay.builder(engine, kafka.clientConfig())
        .relayId(relayId)
        .changeTopicPartitions(3)
        .discoveryInterval(Duration.ofMillis(300))
        .maxBatchRecords(200);
  }

  private String table(String base, boolean stream) {
    String name = base + "_" + relayId;
    CreateTableRequest.Builder b =
        CreateTableRequest.builder(name)
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S);
    if (stream) {
      b.stream(StreamViewType.NEW_AND_OLD_IMAGES);
    }
    engine.createTable(b.build());
    return name;
  }

  /**
   * Puts, overwrites and deletes over {@code customers} partition keys, each one change record (a
   * delete removes the item the write before put); returns the writes made.
   */
  private int write(String table, int from, int count, int customers) {
    for (int i = from; i < from + count; i++) {
      String customer = "C" + (i % customers);
      String order = "D" + (i % 7);
      if (i % 5 == 4) {
        engine.deleteItem(
            DeleteItemRequest.of(
                table,
                Item.key(
                    "customerId", "C" + ((i - 1) % customers), "orderDate", "D" + ((i - 1) % 7))));
      } else {
        engine.putItem(
            PutItemRequest.of(
                table,
                Item.builder().s("customerId", customer).s("orderDate", order).n("n", i).build()));
      }
    }
    return count;
  }

  private void awaitPublished(EngineRelay relay, String table, long sequence) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> relay.lag(table).map(l -> l.publishedSequence() >= sequence).orElse(false));
  }

  @Test
  void shouldPublishEveryWriteExactlyOnceInSequenceOrderPerPartitionKey() {
    String orders = table("Orders", true);
    try (EngineRelay relay = relay().build().start()) {
      write(orders, 0, 3000, 40);
      long latest = engine.changeStream(orders).latestSequence();
      assertThat(latest).isEqualTo(3000);
      awaitPublished(relay, orders, latest);
      assertThat(relay.lag(orders).orElseThrow().caughtUp()).isTrue();
      assertThat(relay.state()).isEqualTo(ConnectorState.RUNNING);
    }
    List<Read> reads =
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(orders));
    ChangeTopicReader.assertExactlyOnceInKeyOrder(reads, 3000);
    Read first = reads.stream().filter(r -> r.sequence() == 1).findFirst().orElseThrow();
    assertThat(first.key()).isEqualTo("{\"S\":\"C0\"}");
    assertThat(first.event().eventName()).isEqualTo(EventName.INSERT);
    assertThat(first.headers())
        .containsEntry(ChangeEventSerde.HEADER_EVENT_NAME, "INSERT")
        .containsEntry(ChangeEventSerde.HEADER_TABLE, orders);
    assertThat(first.event()).isEqualTo(engine.changeStream(orders).read(0, 1).get(0));
    assertThat(reads.stream().map(Read::partition).distinct()).hasSizeGreaterThan(1);
    assertThat(reads)
        .anyMatch(
            r ->
                r.event().eventName() == EventName.REMOVE
                    && r.headers().get(ChangeEventSerde.HEADER_EVENT_NAME).equals("REMOVE"));
    // One checkpoint per transaction: no transaction carried more than maxBatchRecords (200).
    List<Long> checkpoints = checkpointSequences("relay/" + relayId + "/" + orders);
    assertThat(checkpoints).isSorted().endsWith(3000L);
    assertThat(checkpoints.size()).isGreaterThanOrEqualTo(15);
    for (int i = 1; i < checkpoints.size(); i++) {
      assertThat(checkpoints.get(i) - checkpoints.get(i - 1)).isBetween(1L, 200L);
    }
  }

  /** The committed checkpoint values of one key, in order (compaction has not run on them yet). */
  private static List<Long> checkpointSequences(String key) {
    Map<String, Object> c = new HashMap<>(kafka.clientConfig());
    c.put("isolation.level", "read_committed");
    c.put("key.deserializer", StringDeserializer.class);
    c.put("value.deserializer", StringDeserializer.class);
    List<Long> out = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(c)) {
      var tp = new TopicPartition(EngineRelay.CHECKPOINT_TOPIC, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (var r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key().equals(key)) {
            out.add(Long.parseLong(r.value().replaceAll(".*\"sequence\":(\\d+).*", "$1")));
          }
        }
      }
    }
    return out;
  }

  @Test
  void shouldPickUpNewTablesAndStreamChangesWithoutRestart() {
    String quiet = table("Quiet", false);
    write(quiet, 0, 10, 3); // no stream: no records, nothing to relay
    try (EngineRelay relay = relay().build().start()) {
      String later = table("Later", true);
      write(later, 0, 50, 5);
      awaitPublished(relay, later, 50);

      engine.updateTable(
          UpdateTableRequest.builder(quiet).stream(
                  StreamSpecification.enabled(StreamViewType.NEW_IMAGE))
              .build());
      write(quiet, 10, 20, 3);
      awaitPublished(relay, quiet, 20);

      // Written under the first stream, published after the stream was switched off.
      engine.updateTable(
          UpdateTableRequest.builder(later).stream(StreamSpecification.disabled()).build());
      write(later, 50, 10, 5); // not logged: the stream is off
      engine.updateTable(
          UpdateTableRequest.builder(later).stream(
                  StreamSpecification.enabled(StreamViewType.KEYS_ONLY))
              .build());
      write(later, 60, 10, 5);
      awaitPublished(relay, later, engine.changeStream(later).latestSequence());
    }
    List<Read> quietReads =
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(quiet));
    ChangeTopicReader.assertExactlyOnceInKeyOrder(quietReads, 20);
    assertThat(quietReads)
        .allMatch(r -> r.event().dynamodb().streamViewType() == StreamViewType.NEW_IMAGE);
    List<Read> laterReads =
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(later()));
    ChangeTopicReader.assertExactlyOnceInKeyOrder(laterReads, 60);
    assertThat(laterReads)
        .filteredOn(r -> r.event().dynamodb().streamViewType() == StreamViewType.KEYS_ONLY)
        .hasSize(10);
  }

  private String later() {
    return "Later_" + relayId;
  }

  @Test
  void shouldResumeAfterRestartWithoutGapOrDuplicate() {
    String orders = table("Orders", true);
    write(orders, 0, 700, 30);
    try (EngineRelay relay = relay().build().start()) {
      awaitPublished(relay, orders, 700);
    }
    write(orders, 700, 800, 30); // while no relay runs
    try (EngineRelay relay = relay().build().start()) {
      write(orders, 1500, 500, 30);
      awaitPublished(relay, orders, 2000);
    }
    try (EngineRelay relay = relay().build().start()) { // nothing new: publishes nothing
      await().atMost(WAIT).until(() -> relay.lag(orders).isPresent());
      assertThat(relay.lag(orders).orElseThrow().publishedSequence()).isEqualTo(2000);
    }
    ChangeTopicReader.assertExactlyOnceInKeyOrder(
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(orders)), 2000);
  }

  @Test
  void shouldReportLagInSequencesAndAgeOfTheOldestUnpublishedRecord() throws InterruptedException {
    String orders = table("Orders", true);
    EngineRelay relay = relay().build().start();
    write(orders, 0, 10, 3);
    awaitPublished(relay, orders, 10);
    relay.close();
    assertThat(relay.state()).isEqualTo(ConnectorState.STOPPED);
    write(orders, 10, 25, 3);
    Thread.sleep(200);
    RelayLag lag = relay.lag(orders).orElseThrow();
    assertThat(lag.publishedSequence()).isEqualTo(10);
    assertThat(lag.latestSequence()).isEqualTo(35);
    assertThat(lag.sequencesBehind()).isEqualTo(25);
    assertThat(lag.oldestUnpublishedAge())
        .isBetween(Duration.ofMillis(200), Duration.ofSeconds(30));
    assertThat(relay.lags()).containsOnlyKeys(orders);
  }

  @Test
  void shouldContinueFromTheOldestRetainedRecordWhenRetentionTrimmedPastTheCheckpoint()
      throws InterruptedException {
    String orders = table("Orders", true);
    write(orders, 0, 100, 10);
    try (EngineRelay relay = relay().build().start()) {
      awaitPublished(relay, orders, 100);
    }
    write(orders, 100, 100, 10);
    Thread.sleep(5); // retention keeps what was written in the current millisecond
    assertThat(engine.trimChangeLogs(Duration.ZERO)).isEqualTo(200);
    write(orders, 200, 50, 10);
    try (EngineRelay relay = relay().build().start()) {
      awaitPublished(relay, orders, 250);
    }
    List<Read> reads =
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(orders));
    ChangeTopicReader.assertExactlyOnceInKeyOrder(reads, 150);
    assertThat(reads).noneMatch(r -> r.sequence() > 100 && r.sequence() <= 200);
  }

  @Test
  void shouldFenceTheOlderInstanceWhenASecondRelayWithTheSameIdStarts() {
    String orders = table("Orders", true);
    EngineRelay zombie = relay().build().start();
    write(orders, 0, 300, 20);
    awaitPublished(zombie, orders, 300);
    try (EngineRelay successor = relay().build().start()) {
      await().atMost(WAIT).until(() -> successor.lag(orders).isPresent());
      write(orders, 300, 700, 20);
      awaitPublished(successor, orders, 1000);
      await().atMost(WAIT).until(() -> zombie.state() == ConnectorState.FAILED);
      assertThat(zombie.failure().orElseThrow()).hasMessageContaining("another instance");
      assertThat(successor.state()).isEqualTo(ConnectorState.RUNNING);
    } finally {
      zombie.close();
    }
    ChangeTopicReader.assertExactlyOnceInKeyOrder(
        ChangeTopicReader.readAll(kafka.bootstrapServers(), Topics.changeTopic(orders)), 1000);
  }

  @Test
  void shouldRejectAWrongTransitionNamingBothStates() {
    EngineRelay relay = relay().build();
    relay.close();
    Assertions.assertThatThrownBy(relay::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("STOPPED")
        .hasMessageContaining("NEW");
  }
}

package dev.tributary.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.Item;
import dev.tributary.core.RetriableException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.core.runner.RunnerHealth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime restarts runners that fail on retriable errors and stops lanes on fatal ones. */
class PipelineRuntimeRestartIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final RetryPolicy QUICK_RESTARTS =
      RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(100), Duration.ofMillis(400), 2.0);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void shouldRestartARunnerThatFailedOnARetriableErrorAndDeliverEverything() {
    String table = "RestartOrders";
    AtomicInteger opens = new AtomicInteger();
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    Pipeline p =
        Pipeline.builder("restarts")
            .source(table)
            .route(
                "flaky",
                Routes.always(),
                HandlerSpec.of(() -> new FailingOpen(opens, 2, delivered)).snapshotEvents(false))
            .build();
    try (PipelineRuntime runtime =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(p)
            .stateDir(dir.resolve("streams-restart"))
            .partitions(2)
            .runnerRestarts(QUICK_RESTARTS)
            .start()) {
      List<String> ids = produce(table, 50);
      assertThat(runtime.awaitCaughtUp(WAIT)).isTrue();
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
      RunnerHealth health = runtime.runnerHealth().get(p.laneTopic("flaky"));
      assertThat(health.state()).isEqualTo(RunnerHealth.State.RUNNING);
      assertThat(health.restarts()).isEqualTo(2);
      assertThat(health.lastError()).get().asString().contains("sink not reachable yet");
      assertThat(runtime.failure()).isEmpty();
      LaneStatus lane = runtime.lanes().get(0);
      assertThat(lane.runner()).isEqualTo(health);
      assertThat(lane.caughtUp()).isTrue();
    }
  }

  @Test
  void shouldStopOnlyTheLaneWhoseHandlerFailedFatallyAndSayWhy() {
    String table = "FatalOrders";
    Set<String> fine = ConcurrentHashMap.newKeySet();
    Pipeline p =
        Pipeline.builder("fatal")
            .source(table)
            .route(
                "broken", Routes.always(), HandlerSpec.of(FatalHandler::new).snapshotEvents(false))
            .route(
                "fine",
                Routes.always(),
                HandlerSpec.of(() -> new FailingOpen(new AtomicInteger(), 0, fine))
                    .snapshotEvents(false))
            .build();
    try (PipelineRuntime runtime =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(p)
            .stateDir(dir.resolve("streams-fatal"))
            .partitions(2)
            .runnerRestarts(QUICK_RESTARTS)
            .start()) {
      List<String> ids = produce(table, 20);
      Awaitility.await()
          .atMost(WAIT)
          .until(
              () ->
                  runtime.runnerHealth().get(p.laneTopic("broken")).state()
                      == RunnerHealth.State.FAILED);
      RunnerHealth broken = runtime.runnerHealth().get(p.laneTopic("broken"));
      assertThat(broken.restarts()).isZero(); // fatal: never restarted
      assertThat(broken.lastError()).get().asString().contains("credentials revoked");
      assertThat(runtime.failure()).get().asString().contains("credentials revoked");
      assertThatThrownBy(() -> runtime.awaitCaughtUp(WAIT)).isInstanceOf(FatalException.class);
      // The other lane is served all along.
      Awaitility.await().atMost(WAIT).until(() -> fine.containsAll(ids));
      assertThat(runtime.runnerHealth().get(p.laneTopic("fine")).state())
          .isEqualTo(RunnerHealth.State.RUNNING);
    }
  }

  @Test
  void shouldLeaveItsConsumerGroupsWhenClosedSoThatARestartTakesOverAtOnce() throws Exception {
    String table = "LeavingOrders";
    Set<String> delivered = ConcurrentHashMap.newKeySet();
    Pipeline p =
        Pipeline.builder("leaving")
            .source(table)
            .route(
                "h",
                Routes.always(),
                HandlerSpec.of(() -> new FailingOpen(new AtomicInteger(), 0, delivered))
                    .snapshotEvents(false))
            .build();
    List<String> groups =
        List.of(Topics.applicationId("leaving"), Topics.runnerGroup("leaving", "h"));
    try (PipelineRuntime runtime =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(p)
            .stateDir(dir.resolve("streams-leaving"))
            .partitions(2)
            .start()) {
      List<String> ids = produce(table, 10);
      assertThat(runtime.awaitCaughtUp(WAIT)).isTrue();
      assertThat(delivered).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(members(groups)).allSatisfy((group, n) -> assertThat(n).as(group).isPositive());
    }
    // Kafka Streams would otherwise stay a member until session.timeout.ms (45 s), and a restarted
    // worker's topology would wait that long for its partitions.
    assertThat(members(groups)).allSatisfy((group, n) -> assertThat(n).as(group).isZero());
  }

  private static Map<String, Integer> members(List<String> groups) throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Map<String, Integer> members = new TreeMap<>();
      admin
          .describeConsumerGroups(groups)
          .all()
          .get()
          .forEach((g, d) -> members.put(g, d.members().size()));
      return members;
    }
  }

  private static List<String> produce(String table, int n) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
      List<String> ids = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        TestEvents item = TestEvents.on(table).pk("id", "o-" + (i % 7));
        ChangeEvent e = item.seq(i).insert(Item.builder().n("n", i).build());
        RecordHeaders h = new RecordHeaders();
        ChangeEventSerde.addRoutingHeaders(h, e, table);
        producer.send(
            new ProducerRecord<>(
                Topics.changeTopic(table),
                null,
                null,
                item.partitionKey().getBytes(StandardCharsets.UTF_8),
                ChangeEventSerde.toBytes(e),
                h));
        ids.add(e.eventId());
      }
      producer.flush();
      return ids;
    }
  }

  /** Fails to open the first {@code failures} times (the sink not up yet), then records events. */
  private static final class FailingOpen implements ChangeHandler {
    private final AtomicInteger opens;
    private final int failures;
    private final Set<String> delivered;

    FailingOpen(AtomicInteger opens, int failures, Set<String> delivered) {
      this.opens = opens;
      this.failures = failures;
      this.delivered = delivered;
    }

    @Override
    public void open(HandlerContext context) {
      if (opens.incrementAndGet() <= failures) {
        throw new RetriableException("sink not reachable yet");
      }
    }

    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      batch.forEach(e -> delivered.add(e.eventId()));
      return BatchResult.success();
    }
  }

  private static final class FatalHandler implements ChangeHandler {
    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
      throw new FatalException("credentials revoked");
    }
  }
}

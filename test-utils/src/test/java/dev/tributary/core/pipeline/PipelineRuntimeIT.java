package dev.tributary.core.pipeline;

import static dev.tributary.core.pipeline.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.RetriableException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.core.runner.RunnerStats;
import dev.tributary.core.testkit.Fault;
import dev.tributary.core.testkit.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance run: 100,000 order changes on 8 partitions through one pipeline with three
 * handlers, run by {@link PipelineRuntime} on the embedded broker, with 1 % transient handler
 * failures and one poison event.
 */
@Tag("slow")
class PipelineRuntimeIT {
  private static final int EVENTS = 100_000;
  private static final int KEYS = 2_000;
  private static final Duration WAIT = Duration.ofMinutes(3);

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
  void shouldDeliverEveryRoutedEventInKeyOrderThroughTransientFailuresAndDeadLetterThePoison() {
    OrderStream input = OrderStream.generate(EVENTS, KEYS, 4);
    OrderStream.Change poison = pickPoison(input);
    Predicate<ChangeEvent> flaky = e -> Math.floorMod(e.eventId().hashCode(), 100) == 0;
    Map<String, LaneRecorder> recorders = new HashMap<>();
    Map<String, AtomicInteger> thrown = new ConcurrentHashMap<>();
    Map<String, Supplier<? extends ChangeHandler>> handlers = new HashMap<>();
    for (String h : OrderStream.HANDLERS) {
      LaneRecorder rec = new LaneRecorder();
      recorders.put(h, rec);
      Fault transient1 = Faults.throwOn(flaky, 1);
      Supplier<ChangeHandler> inner = counting(transient1.around(rec::handler), thrown, h);
      handlers.put(
          h,
          h.equals("search")
              ? Faults.poison(e -> e.eventId().equals(poison.eventId())).around(inner)
              : inner);
    }
    Pipeline pipeline = OrderStream.pipeline("acceptance", handlers);
    kafka.createTopic(Topics.changeTopic(OrderStream.TABLE), 8);

    long t0 = System.nanoTime();
    Map<String, RunnerStats> stats;
    try (PipelineRuntime runtime =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(pipeline)
            .stateDir(dir.resolve("streams"))
            .runnerId("it")
            .start()) {
      assertThat(runtime.state()).isEqualTo(PipelineRuntime.State.RUNNING);
      input.produce(kafka.bootstrapServers());
      long produced = System.nanoTime();
      assertThat(runtime.awaitCaughtUp(WAIT)).isTrue();
      long done = System.nanoTime();
      stats = runtime.stats();
      List<LaneStatus> lanes = runtime.lanes();
      assertThat(lanes).hasSize(3).allSatisfy(l -> assertThat(l.lagEvents()).isZero());
      System.out.printf(
          "acceptance: %,d events produced in %d ms, all delivered %d ms after start (%,.0f"
              + " events/s end to end)%n  %s%n",
          EVENTS,
          (produced - t0) / 1_000_000,
          (done - t0) / 1_000_000,
          EVENTS / ((done - t0) / 1e9),
          stats);
    }
    assertThat(kafka.topics()).containsAll(pipeline.topics());

    // The topology wrote each routed event exactly once to its lane, nothing else.
    for (String h : OrderStream.HANDLERS) {
      List<String> lane =
          eventIds(TopicReader.readAll(kafka.bootstrapServers(), pipeline.laneTopic(h)));
      assertThat(lane).as("lane %s", h).hasSameSizeAs(input.routedTo(h));
      assertThat(new LinkedHashSet<>(lane)).as("lane %s", h).isEqualTo(input.routedTo(h));
    }

    // Each handler received exactly its routed events (first applications), in per-key order.
    List<String> parked = laterRoutedEventsOfKey(input, poison, "search");
    for (String h : OrderStream.HANDLERS) {
      Set<String> expected = new LinkedHashSet<>(input.routedTo(h));
      if (h.equals("search")) {
        expected.remove(poison.eventId());
        parked.forEach(expected::remove);
      }
      LaneRecorder rec = recorders.get(h);
      assertThat(rec.applied.keySet())
          .as("handler %s", h)
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(rec.orderViolations()).as("handler %s", h).isEmpty();
      long failing = expected.stream().filter(id -> Math.floorMod(id.hashCode(), 100) == 0).count();
      RunnerStats s = stats.get(pipeline.laneTopic(h));
      int failedBatches = thrown.getOrDefault(h, new AtomicInteger()).get();
      System.out.printf(
          "  %s: %,d routed, %,d applied, %d flaky events failed %d batches, retried (%d"
              + " bisections, %d retries), %d redeliveries%n",
          h,
          input.routedTo(h).size(),
          rec.applied.size(),
          failing,
          failedBatches,
          s.bisections(),
          s.retries(),
          rec.redeliveries());
      assertThat(failing).isPositive();
      assertThat(failedBatches).isPositive();
      assertThat(s.bisections() + s.retries()).isPositive();
    }

    // The poison went to the dead-letter topic with its error; its key's later events followed.
    assertThat(TopicReader.readAll(kafka.bootstrapServers(), pipeline.deadLetterTopic("email")))
        .isEmpty();
    assertThat(TopicReader.readAll(kafka.bootstrapServers(), pipeline.deadLetterTopic("archive")))
        .isEmpty();
    assertThat(TopicReader.readAll(kafka.bootstrapServers(), pipeline.topologyDeadLetterTopic()))
        .isEmpty();
    List<ConsumerRecord<byte[], byte[]>> dead =
        TopicReader.readAll(kafka.bootstrapServers(), pipeline.deadLetterTopic("search"));
    List<String> expectedDead = new ArrayList<>();
    expectedDead.add(poison.eventId());
    expectedDead.addAll(parked);
    assertThat(eventIds(dead)).containsExactlyElementsOf(expectedDead);
    ConsumerRecord<byte[], byte[]> first = dead.get(0);
    assertThat(header(first, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo(BadRecordException.class.getName());
    assertThat(header(first, DeadLetterHeaders.ERROR_MESSAGE)).contains(poison.eventId());
    assertThat(header(first, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
    assertThat(header(first, DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo(pipeline.laneTopic("search"));
    assertThat(header(first, DeadLetterHeaders.PARKED_BEHIND)).isNull();
    assertThat(Long.parseLong(header(first, DeadLetterHeaders.FIRST_FAILURE))).isPositive();
    assertThat(dead.subList(1, dead.size()))
        .allSatisfy(
            r ->
                assertThat(header(r, DeadLetterHeaders.PARKED_BEHIND)).isEqualTo(poison.eventId()));
    System.out.printf(
        "  search dead letters: the poison %s and %d parked behind it%n",
        poison.eventId(), parked.size());
  }

  /** Counts the transient failures a lane's handler threw. */
  private static Supplier<ChangeHandler> counting(
      Supplier<ChangeHandler> inner, Map<String, AtomicInteger> thrown, String lane) {
    return () -> {
      ChangeHandler h = inner.get();
      return new ChangeHandler() {
        @Override
        public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
          try {
            return h.handle(batch, context);
          } catch (RetriableException e) {
            thrown.computeIfAbsent(lane, k -> new AtomicInteger()).incrementAndGet();
            throw e;
          }
        }

        @Override
        public boolean idempotent() {
          return h.idempotent();
        }
      };
    };
  }

  /** A status change in the middle of the stream whose key has at least two later ones. */
  private static OrderStream.Change pickPoison(OrderStream input) {
    List<OrderStream.Change> all = input.changes;
    for (int i = all.size() / 2; i < all.size(); i++) {
      OrderStream.Change c = all.get(i);
      if (c.handler().filter("search"::equals).isPresent()
          && laterRoutedEventsOfKey(input, c, "search").size() >= 2) {
        return c;
      }
    }
    throw new AssertionError("no poison candidate");
  }

  private static List<String> laterRoutedEventsOfKey(
      OrderStream input, OrderStream.Change c, String handler) {
    return input.changes.stream()
        .filter(o -> o.key().equals(c.key()) && o.seq() > c.seq())
        .filter(o -> o.handler().filter(handler::equals).isPresent())
        .map(OrderStream.Change::eventId)
        .toList();
  }

  private static List<String> eventIds(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(r -> ChangeEventSerde.fromBytes(r.value()).eventId()).toList();
  }
}

package dev.tributary.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.RetriableException;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.testkit.Faults;
import dev.tributary.core.testkit.PipelineTestKit;
import dev.tributary.core.testkit.SimulatedCrash;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Handler runners on one embedded broker (shared by the class; each test has its own lane). */
class HandlerRunnerIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static PipelineTestKit kit;

  @BeforeAll
  static void startBroker() {
    kit = PipelineTestKit.start();
  }

  @AfterAll
  static void stopBroker() {
    kit.close();
  }

  @Test
  void shouldDeliverEveryEventOnceInPerKeyOrderAcrossEightPartitions() {
    Recorder rec = new Recorder();
    LaneSpec lane =
        lane(
            "all",
            rec::handler,
            Batching.of(200, Duration.ofMillis(20)),
            RetryPolicy.DEFAULT,
            false,
            true);
    List<String> ids = produce(lane, 8, 500, 40); // 20,000 events
    long t0 = System.nanoTime();
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      System.out.printf(
          "20,000 events through one runner in %d ms, %s%n",
          (System.nanoTime() - t0) / 1_000_000, runner.stats());
      assertThat(runner.stats().retries()).isZero();
    }
    assertThat(rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(rec.duplicates()).isZero();
    assertThat(rec.orderViolations()).isEmpty();
    assertThat(kit.readAll(lane.deadLetterTopic())).isEmpty();
  }

  @Test
  void shouldDeliverEverythingWhenOnePercentFailsTransiently() {
    RunnerStats stats;
    Recorder rec = new Recorder();
    var flaky = Faults.failEvents(e -> Math.floorMod(e.eventId().hashCode(), 100) == 0, 1);
    LaneSpec lane =
        lane(
            "flaky",
            flaky.around(rec::handler),
            Batching.of(100, Duration.ofMillis(20)),
            RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 2),
            false,
            true);
    List<String> ids = produce(lane, 8, 50, 200); // 10,000 events
    long failing = ids.stream().filter(id -> Math.floorMod(id.hashCode(), 100) == 0).count();
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      System.out.printf("1%% transient: %d failing events, %s%n", failing, runner.stats());
      assertThat(runner.stats().retries()).isEqualTo(failing);
      stats = runner.stats();
    }
    assertThat(failing).isGreaterThan(50);
    assertThat(rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    // A handler reporting partial failures has applied the batch's later events itself (as with
    // Lambda); they are delivered again after the failed one, so the end state is in key order.
    assertThat(rec.violations(false)).isEmpty();
    assertThat(stats.redelivered()).isPositive();
    assertThat(kit.readAll(lane.deadLetterTopic())).isEmpty();
  }

  @Test
  void shouldDeadLetterPoisonAndParkItsKeyWhileOtherKeysFlow() {
    Poisoned run = runPoison("iso", true);
    // Other keys of the poison's partition were delivered while the poison was still retrying.
    assertThat(run.flowedPastPoisonBeforeLastAttempt).isTrue();
    // The poison's later events never reached the handler: they followed it to the DLQ, in order.
    assertThat(run.rec.deliveries).noneMatch(d -> d.key().equals("k3") && d.seq() > 5);
    List<ConsumerRecord<byte[], byte[]>> dead = run.dead;
    assertThat(dead).hasSize(1 + 14); // k3#5 plus k3#6..k3#19
    assertThat(header(dead.get(0), DeadLetterHeaders.PARKED_BEHIND)).isNull();
    for (int i = 1; i < dead.size(); i++) {
      assertThat(new String(dead.get(i).key(), StandardCharsets.UTF_8)).isEqualTo("k3");
      assertThat(header(dead.get(i), DeadLetterHeaders.PARKED_BEHIND)).isEqualTo("k3#5");
      assertThat(Long.parseLong(header(dead.get(i), DeadLetterHeaders.SOURCE_OFFSET)))
          .isGreaterThan(Long.parseLong(header(dead.get(i - 1), DeadLetterHeaders.SOURCE_OFFSET)));
    }
    Set<String> expected = new HashSet<>(run.ids);
    expected.removeIf(id -> id.startsWith("k3#") && Integer.parseInt(id.substring(3)) >= 5);
    assertThat(run.rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void shouldDeadLetterPoisonAndGoOnWithItsKeyWithoutIsolation() {
    Poisoned run = runPoison("noiso", false);
    // Without isolation the partition waited behind the poison.
    assertThat(run.flowedPastPoisonBeforeLastAttempt).isFalse();
    assertThat(run.dead).hasSize(1);
    Set<String> expected = new HashSet<>(run.ids);
    expected.remove("k3#5");
    assertThat(run.rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(run.rec.orderViolations()).isEmpty();
  }

  @Test
  void shouldSendBadRecordsStraightToTheDeadLetterTopic() {
    Recorder rec = new Recorder();
    var poison = Faults.poison(e -> e.eventId().equals("k1#2"));
    LaneSpec lane =
        lane(
            "bad",
            poison.around(rec::handler),
            Batching.of(50, Duration.ofMillis(20)),
            RetryPolicy.attempts(5),
            true,
            false);
    kit.createTopic(lane.laneTopic(), 1);
    List<String> ids = produce(lane, 1, 10, 3);
    kit.produceRaw(lane.laneTopic(), "k9", "not json".getBytes(StandardCharsets.UTF_8));
    kit.flush();
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      assertThat(runner.stats().retries()).isZero();
    }
    List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(lane.deadLetterTopic());
    assertThat(dead).hasSize(2);
    assertThat(dead)
        .allSatisfy(
            r -> {
              assertThat(header(r, DeadLetterHeaders.ERROR_CLASS))
                  .isEqualTo(BadRecordException.class.getName());
              assertThat(header(r, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
            });
    assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("not json");
    assertThat(rec.ledger.keySet()).hasSize(ids.size() - 1).doesNotContain("k1#2");
  }

  @Test
  void shouldDeadLetterWhatTheHandlerSaysAtOnceWithoutRetries() {
    Recorder rec = new Recorder();
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    Supplier<ChangeHandler> handler =
        () -> {
          ChangeHandler inner = rec.handler();
          return new ChangeHandler() {
            @Override
            public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
                throws Exception {
              List<String> permanent = new ArrayList<>();
              List<ChangeEvent> fine = new ArrayList<>();
              for (ChangeEvent e : batch) {
                seen.add(e.eventId());
                if (e.eventId().equals("k1#2") || e.eventId().equals("k4#0")) {
                  permanent.add(e.eventId());
                } else {
                  fine.add(e);
                }
              }
              inner.handle(fine, context);
              return BatchResult.deadLetter(permanent, "payload rejected by the sink");
            }
          };
        };
    LaneSpec lane =
        lane(
            "handlerdlq",
            handler,
            Batching.of(50, Duration.ofMillis(20)),
            RetryPolicy.attempts(5),
            false,
            false);
    kit.createTopic(lane.laneTopic(), 1);
    List<String> ids = produce(lane, 1, 10, 3);
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      assertThat(runner.stats().retries()).isZero();
      assertThat(runner.stats().deadLettered()).isEqualTo(2);
    }
    assertThat(seen).filteredOn(id -> id.equals("k1#2")).hasSize(1); // never retried
    List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(lane.deadLetterTopic());
    assertThat(dead)
        .extracting(r -> ChangeEventSerde.fromBytes(r.value()).eventId())
        .containsExactly("k4#0", "k1#2");
    assertThat(dead)
        .allSatisfy(
            r -> {
              assertThat(header(r, DeadLetterHeaders.ERROR_CLASS))
                  .isEqualTo(BadRecordException.class.getName());
              assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE))
                  .endsWith(": payload rejected by the sink");
              assertThat(header(r, DeadLetterHeaders.ATTEMPTS)).isEqualTo("1");
            });
    Set<String> expected = new HashSet<>(ids);
    expected.removeAll(List.of("k1#2", "k4#0"));
    assertThat(rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void shouldCarryTheHandlersReasonIntoTheDeadLetter() {
    Recorder rec = new Recorder();
    Supplier<ChangeHandler> handler =
        () -> {
          ChangeHandler inner = rec.handler();
          return new ChangeHandler() {
            @Override
            public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
                throws Exception {
              List<ChangeEvent> down =
                  batch.stream().filter(e -> e.eventId().equals("k2#1")).toList();
              inner.handle(batch.stream().filter(e -> !down.contains(e)).toList(), context);
              return down.isEmpty()
                  ? BatchResult.success()
                  : BatchResult.failed(down, "Connection refused: 127.0.0.1:9200");
            }
          };
        };
    LaneSpec lane =
        lane(
            "reason",
            handler,
            Batching.of(50, Duration.ofMillis(20)),
            RetryPolicy.attempts(2),
            false,
            false);
    kit.createTopic(lane.laneTopic(), 1);
    produce(lane, 1, 5, 3);
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
    }
    List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(lane.deadLetterTopic());
    assertThat(dead)
        .singleElement()
        .satisfies(
            r ->
                assertThat(header(r, DeadLetterHeaders.ERROR_MESSAGE))
                    .isEqualTo(
                        "Handler h reported the event as failed: Connection refused: 127.0.0.1:9200"));
  }

  @Test
  void shouldRedeliverAfterCrashBetweenEffectAndCommitAndEndWithExactlyTheSet() {
    Recorder rec = new Recorder();
    var crash = Faults.crashAfterEffect(e -> Recorder.seqOf(e) % 97 == 50, 3);
    LaneSpec lane =
        lane(
            "crash",
            crash.around(rec::handler),
            Batching.of(100, Duration.ofMillis(20)),
            RetryPolicy.DEFAULT,
            false,
            true);
    List<String> ids = produce(lane, 4, 50, 100); // 5,000 events
    int runners = 0;
    long deadline = System.nanoTime() + WAIT.toNanos();
    boolean duplicated = false;
    while (System.nanoTime() < deadline) {
      HandlerRunner runner =
          kit.run(
              lane, HandlerRunner.builder(lane, kit.bootstrapServers()).runnerId("crash-runner"));
      runners++;
      while (runner.state() != HandlerRunner.State.STOPPED && !kit.status(lane).caughtUp()) {
        sleep(50);
      }
      if (runner.state() == HandlerRunner.State.STOPPED) {
        assertThat(runner.failure()).get().isInstanceOf(SimulatedCrash.class);
        continue;
      }
      if (!duplicated) { // duplicate delivery: the same record once more
        kit.duplicate(lane.laneTopic(), 0, 10);
        duplicated = true;
        assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      }
      runner.close();
      break;
    }
    System.out.printf(
        "crash: %d crashes, %d runners, %d deliveries, %d redeliveries deduplicated%n",
        crash.crashes(), runners, rec.deliveries.size(), rec.duplicates());
    assertThat(crash.crashes()).isEqualTo(3);
    assertThat(runners).isEqualTo(4);
    assertThat(rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(rec.duplicates())
        .isGreaterThanOrEqualTo(3 + 1); // each crash redelivers its batch; plus the duplicate
    // The ledger ignores an eventID it has: what counts is the order of first applications.
    assertThat(rec.violations(true)).isEmpty();
  }

  @Test
  void shouldSplitPartitionsBetweenTwoRunnersAndHandOverOnClose() {
    Recorder rec = new Recorder();
    LaneSpec lane =
        lane(
            "pair",
            rec::handler,
            Batching.of(100, Duration.ofMillis(20)),
            RetryPolicy.DEFAULT,
            false,
            true);
    kit.createTopic(lane.laneTopic(), 8);
    HandlerRunner a = kit.run(lane);
    HandlerRunner b = kit.run(lane);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while ((a.assignment().isEmpty()
            || b.assignment().isEmpty()
            || a.assignment().size() + b.assignment().size() != 8)
        && System.nanoTime() < deadline) {
      sleep(50);
    }
    assertThat(a.assignment()).isNotEmpty().doesNotContainAnyElementsOf(b.assignment());
    assertThat(a.assignment().size() + b.assignment().size()).isEqualTo(8);
    List<String> ids = new ArrayList<>(produce(lane, 8, 25, 200)); // 5,000 while both run
    a.close();
    ids.addAll(produce(lane, 8, 25, 200, 200)); // 5,000 more after the hand-over
    assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
    assertThat(b.assignment()).hasSize(8);
    b.close();
    assertThat(a.stats().delivered()).isPositive();
    assertThat(rec.ledger.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(rec.orderViolations()).isEmpty();
  }

  @Test
  void shouldReportLagInEventsAndTimeWhileTheSourceIsIdle() {
    Recorder rec = new Recorder();
    LaneSpec lane =
        lane(
            "lag",
            rec::handler,
            Batching.of(100, Duration.ofMillis(20)),
            RetryPolicy.DEFAULT,
            false,
            true);
    kit.createTopic(lane.laneTopic(), 2);
    produce(lane, 2, 10, 10); // 100 events, no runner yet
    LaneStatus before = kit.status(lane);
    assertThat(before.lagEvents()).isEqualTo(100);
    sleep(1_200);
    LaneStatus idle = kit.status(lane);
    assertThat(idle.lagEvents()).isEqualTo(100);
    assertThat(idle.lagTime()).isGreaterThanOrEqualTo(before.lagTime().plusMillis(1_000));
    assertThat(idle.partitions()).allSatisfy(p -> assertThat(p.committed()).isEmpty());
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      sleep(1_000);
      LaneStatus caughtUp = kit.status(lane);
      assertThat(caughtUp.lagEvents()).isZero();
      assertThat(caughtUp.lagTime()).isZero();
      assertThat(caughtUp.partitions())
          .allSatisfy(p -> assertThat(p.committed()).hasValue(p.end()));
    }
  }

  // --- poison scenario shared by the isolation on/off tests

  private record Poisoned(
      Recorder rec,
      List<String> ids,
      List<ConsumerRecord<byte[], byte[]>> dead,
      boolean flowedPastPoisonBeforeLastAttempt) {}

  private Poisoned runPoison(String pipeline, boolean isolate) {
    Recorder rec = new Recorder();
    List<Long> poisonAttempts = Collections.synchronizedList(new ArrayList<>());
    Supplier<ChangeHandler> handler =
        () ->
            new ChangeHandler() {
              final ChangeHandler inner = rec.handler();

              @Override
              public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
                  throws Exception {
                if (batch.stream().anyMatch(e -> e.eventId().equals("k3#5"))) {
                  poisonAttempts.add(System.nanoTime());
                  throw new RetriableException("k3#5 always fails");
                }
                return inner.handle(batch, context);
              }
            };
    LaneSpec lane =
        lane(
            pipeline,
            handler,
            Batching.of(20, Duration.ofMillis(10)),
            RetryPolicy.attempts(3)
                .withBackoff(Duration.ofMillis(300), Duration.ofMillis(300), 1)
                .withJitter(0),
            true,
            isolate);
    kit.createTopic(lane.laneTopic(), 1);
    List<String> ids = produce(lane, 1, 20, 20); // 400 events, 20 keys, one partition
    try (HandlerRunner runner = kit.run(lane)) {
      assertThat(kit.awaitCaughtUp(lane, WAIT)).isTrue();
      System.out.printf("poison (isolation %s): %s%n", isolate, runner.stats());
    }
    assertThat(poisonAttempts).hasSizeGreaterThanOrEqualTo(3);
    long lastAttempt = poisonAttempts.get(poisonAttempts.size() - 1);
    long poisonOffset = offsetOf("k3#5", 20);
    boolean flowed =
        rec.deliveries.stream().anyMatch(d -> d.offset() > poisonOffset && d.nanos() < lastAttempt);
    List<ConsumerRecord<byte[], byte[]>> dead = kit.readAll(lane.deadLetterTopic());
    ConsumerRecord<byte[], byte[]> first = dead.get(0);
    assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("k3");
    assertThat(header(first, DeadLetterHeaders.ERROR_CLASS))
        .isEqualTo(RetriableException.class.getName());
    assertThat(header(first, DeadLetterHeaders.ERROR_MESSAGE)).isEqualTo("k3#5 always fails");
    assertThat(header(first, DeadLetterHeaders.ATTEMPTS)).isEqualTo("3");
    assertThat(Long.parseLong(header(first, DeadLetterHeaders.FIRST_FAILURE))).isPositive();
    assertThat(header(first, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(lane.laneTopic());
    assertThat(header(first, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
    assertThat(header(first, DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo(Long.toString(poisonOffset));
    assertThat(Recorder.seqOf(ChangeEventSerde.fromBytes(first.value()))).isEqualTo(5);
    return new Poisoned(rec, ids, dead, flowed);
  }

  // Events are produced seq-major: all keys' seq 0, then seq 1, ...; one partition: offset = seq *
  // keys + key.
  private static long offsetOf(String id, int keys) {
    int key = Integer.parseInt(id.substring(1, id.indexOf('#')));
    int seq = Integer.parseInt(id.substring(id.indexOf('#') + 1));
    return (long) seq * keys + key;
  }

  // --- helpers

  private static LaneSpec lane(
      String pipeline,
      Supplier<? extends ChangeHandler> handler,
      Batching batching,
      RetryPolicy retry,
      boolean bisect,
      boolean isolate) {
    return new LaneSpec(
        pipeline,
        "h",
        handler,
        batching,
        retry,
        bisect,
        Topics.deadLetterTopic(pipeline, "h"),
        isolate);
  }

  private static List<String> produce(LaneSpec lane, int partitions, int keys, int seqs) {
    return produce(lane, partitions, keys, seqs, 0);
  }

  private static List<String> produce(
      LaneSpec lane, int partitions, int keys, int seqs, int fromSeq) {
    kit.createTopic(lane.laneTopic(), partitions);
    List<String> ids = new ArrayList<>(keys * seqs);
    for (int s = fromSeq; s < fromSeq + seqs; s++) {
      for (int k = 0; k < keys; k++) {
        ChangeEvent e = Recorder.event("k" + k, s);
        kit.produce(lane.laneTopic(), "k" + k, e);
        ids.add(e.eventId());
      }
    }
    kit.flush();
    return ids;
  }

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

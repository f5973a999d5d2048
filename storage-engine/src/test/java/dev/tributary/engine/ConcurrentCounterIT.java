package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TransactGet;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight threads increment counters at once. Per-item writes must be linearizable: no increment is
 * lost, every success is exactly one MODIFY in the change log, in the order the values were
 * written, and a reader tailing the log while writers commit out of order never skips a record.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConcurrentCounterIT {
  static final int THREADS = 8;
  static final String TABLE = "Counters";

  @TempDir Path dir;
  TributaryEngine engine;
  ExecutorService pool;

  @BeforeEach
  void open() {
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir).syncWrites(false).retainChangesForever().build());
    engine.createTable(
        CreateTableRequest.builder(TABLE).partitionKey("id", ScalarAttributeType.S).stream(
                StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
    pool = Executors.newFixedThreadPool(THREADS + 1);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    engine.close();
  }

  /** Optimistic locking: read, then write under {@code #c = :old}; on a failed check read again. */
  @Test
  void conditionalIncrementsLoseNoUpdateAndLogOneModifyPerSuccess() throws Exception {
    int perThread = 150;
    engine.putItem(PutItemRequest.of(TABLE, Item.builder().s("id", "c").n("count", 0).build()));
    AtomicLong conflicts = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();
    long began = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                List<Long> written = new ArrayList<>();
                int attempts = 0;
                while (written.size() < perThread) {
                  if (++attempts > 1_000_000) {
                    throw new AssertionError("no progress after " + attempts + " attempts");
                  }
                  long current =
                      count(
                          engine
                              .getItem(GetItemRequest.of(TABLE, key("c")).consistent())
                              .item()
                              .orElseThrow());
                  try {
                    engine.updateItem(
                        UpdateItemRequest.builder(TABLE, key("c"))
                            .update("SET #c = :new")
                            .condition("#c = :old")
                            .name("#c", "count")
                            .value(":new", n(current + 1))
                            .value(":old", n(current))
                            .build());
                    written.add(current + 1);
                  } catch (ConditionalCheckFailedException lost) {
                    conflicts.incrementAndGet();
                  }
                }
                return written;
              }));
    }
    start.countDown();
    List<Long> allWritten = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      allWritten.addAll(f.get(90, TimeUnit.SECONDS));
    }
    long successes = allWritten.size();
    System.out.printf(
        "ConcurrentCounterIT conditional: %d threads, %d successful updates, %d failed checks (retried), %d ms%n",
        THREADS, successes, conflicts.get(), (System.nanoTime() - began) / 1_000_000);

    assertThat(successes).isEqualTo((long) THREADS * perThread);
    assertThat(
            count(
                engine
                    .getItem(GetItemRequest.of(TABLE, key("c")).consistent())
                    .item()
                    .orElseThrow()))
        .as("final value = number of successful conditional updates")
        .isEqualTo(successes);
    // each success wrote a distinct value: two threads never both won the same :old
    Collections.sort(allWritten);
    assertThat(allWritten).isEqualTo(range(1, successes));
    assertCounterLog(readAll(), "c", successes);
  }

  /** {@code SET #c = #c + :one} from eight threads: the increments serialize per item. */
  @Test
  void unconditionalIncrementsLoseNoUpdate() throws Exception {
    int perThread = 300;
    engine.putItem(PutItemRequest.of(TABLE, Item.builder().s("id", "c").n("count", 0).build()));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> futures = new ArrayList<>();
    long began = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      futures.add(
          pool.submit(
              () -> {
                start.await();
                List<Long> seen = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  Map<String, AttributeValue> updated =
                      engine
                          .updateItem(
                              UpdateItemRequest.builder(TABLE, key("c"))
                                  .update("SET #c = #c + :one")
                                  .name("#c", "count")
                                  .value(":one", n(1))
                                  .returnValues(ReturnValue.UPDATED_NEW)
                                  .build())
                          .attributes()
                          .orElseThrow();
                  seen.add(count(updated));
                }
                return seen;
              }));
    }
    start.countDown();
    List<Long> returned = new ArrayList<>();
    for (Future<List<Long>> f : futures) {
      returned.addAll(f.get(90, TimeUnit.SECONDS));
    }
    long total = (long) THREADS * perThread;
    System.out.printf(
        "ConcurrentCounterIT unconditional: %d threads, %d increments, %d ms%n",
        THREADS, total, (System.nanoTime() - began) / 1_000_000);
    assertThat(
            count(
                engine
                    .getItem(GetItemRequest.of(TABLE, key("c")).consistent())
                    .item()
                    .orElseThrow()))
        .as("no lost update")
        .isEqualTo(total);
    // every increment saw its own result: UPDATED_NEW values are 1..total, each once
    Collections.sort(returned);
    assertThat(returned).isEqualTo(range(1, total));
    assertCounterLog(readAll(), "c", total);
  }

  /**
   * Writers on different items commit concurrently, so a later sequence can reach the store before
   * an earlier one; a reader tailing the log meanwhile must still see every record exactly once.
   */
  @Test
  void readerTailingTheLogDuringConcurrentWritesMissesNothing() throws Exception {
    int perThread = 300;
    long total = (long) THREADS * perThread;
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writersDone = new AtomicBoolean();
    Future<List<ChangeEvent>> tail =
        pool.submit(
            () -> {
              ChangeStream stream = engine.changeStream(TABLE);
              List<ChangeEvent> seen = new ArrayList<>();
              long after = 0;
              long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
              while (seen.size() < total && System.nanoTime() < deadline) {
                List<ChangeEvent> chunk = stream.poll(after, 37, Duration.ofMillis(100));
                for (ChangeEvent e : chunk) {
                  long seq = ChangeStream.sequenceOf(e);
                  if (seq <= after) {
                    throw new AssertionError("sequence " + seq + " after " + after);
                  }
                  after = seq;
                  seen.add(e);
                }
                if (chunk.isEmpty() && writersDone.get() && stream.latestSequence() <= after) {
                  break;
                }
              }
              return seen;
            });
    List<Future<Void>> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      String id = "c" + t;
      writers.add(
          pool.submit(
              (Callable<Void>)
                  () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                      engine.updateItem(
                          UpdateItemRequest.builder(TABLE, key(id))
                              .update("SET #c = if_not_exists(#c, :zero) + :one")
                              .name("#c", "count")
                              .value(":zero", n(0))
                              .value(":one", n(1))
                              .build());
                    }
                    return null;
                  }));
    }
    start.countDown();
    for (Future<Void> w : writers) {
      w.get(90, TimeUnit.SECONDS);
    }
    writersDone.set(true);
    List<ChangeEvent> tailed = tail.get(90, TimeUnit.SECONDS);
    List<ChangeEvent> log = readAll();
    System.out.printf(
        "ConcurrentCounterIT tail: %d writers on distinct items, %d records tailed, %d in the log%n",
        THREADS, tailed.size(), log.size());
    assertThat(log).hasSize((int) total);
    assertThat(sequences(tailed)).as("what the tailing reader saw").isEqualTo(sequences(log));
    assertThat(tailed).isEqualTo(log);
    for (int t = 0; t < THREADS; t++) {
      String id = "c" + t;
      List<ChangeEvent> mine =
          log.stream().filter(e -> e.dynamodb().keys().equals(key(id))).toList();
      assertThat(mine).hasSize(perThread);
      for (int i = 0; i < mine.size(); i++) {
        ChangeEvent e = mine.get(i);
        assertThat(e.eventName()).isEqualTo(i == 0 ? EventName.INSERT : EventName.MODIFY);
        assertThat(count(e.dynamodb().newImage().orElseThrow())).isEqualTo(i + 1);
        if (i > 0) {
          assertThat(count(e.dynamodb().oldImage().orElseThrow())).isEqualTo(i);
        }
      }
    }
  }

  /**
   * Transfers between eight accounts in TransactWriteItems from eight threads, while a ninth thread
   * reads every balance with TransactGetItems: the total never changes in any snapshot, a refused
   * transfer applies nothing, and each account's change log chains old image to new image.
   */
  @Test
  void concurrentTransfersKeepTheTotalAndEveryAccountLogChains() throws Exception {
    int accounts = 8;
    int perThread = 150;
    long initial = 1_000;
    for (int a = 0; a < accounts; a++) {
      engine.putItem(
          PutItemRequest.of(TABLE, Item.builder().s("id", "a" + a).n("count", initial).build()));
    }
    long expectedTotal = accounts * initial;
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong conflicts = new AtomicLong();
    AtomicLong insufficient = new AtomicLong();
    AtomicLong snapshots = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    Future<Void> auditor =
        pool.submit(
            (Callable<Void>)
                () -> {
                  List<TransactGet> gets = new ArrayList<>();
                  for (int a = 0; a < accounts; a++) {
                    gets.add(TransactGet.of(TABLE, key("a" + a)));
                  }
                  start.await();
                  while (!done.get()) {
                    long sum = 0;
                    for (var item : engine.transactGetItems(gets).responses()) {
                      sum += count(item.orElseThrow());
                    }
                    if (sum != expectedTotal) {
                      throw new AssertionError(
                          "a snapshot saw a total of " + sum + ", not " + expectedTotal);
                    }
                    snapshots.incrementAndGet();
                  }
                  return null;
                });
    List<Future<Integer>> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long threadSeed = 31L * t + 7;
      writers.add(
          pool.submit(
              () -> {
                Random rnd = new Random(threadSeed);
                start.await();
                int applied = 0;
                for (int i = 0; i < perThread; i++) {
                  int from = rnd.nextInt(accounts);
                  int to = (from + 1 + rnd.nextInt(accounts - 1)) % accounts;
                  long amount = 1L + rnd.nextInt(400);
                  var parameters =
                      new ExpressionParameters(Map.of("#c", "count"), Map.of(":amt", n(amount)));
                  var request =
                      TransactWriteItemsRequest.of(
                          TransactWriteItem.update(
                              TABLE,
                              key("a" + from),
                              "SET #c = #c - :amt",
                              "#c >= :amt",
                              parameters),
                          new TransactWriteItem.Update(
                              TABLE,
                              key("a" + to),
                              "SET #c = #c + :amt",
                              Optional.empty(),
                              parameters,
                              false));
                  try {
                    engine.transactWriteItems(request);
                    applied++;
                  } catch (TransactionCanceledException e) {
                    List<String> codes =
                        e.reasons().stream().map(CancellationReason::code).toList();
                    if (codes.contains("TransactionConflict")) {
                      conflicts.incrementAndGet();
                    } else {
                      assertThat(codes).isEqualTo(List.of("ConditionalCheckFailed", "None"));
                      insufficient.incrementAndGet();
                    }
                  }
                }
                return applied;
              }));
    }
    start.countDown();
    long applied = 0;
    for (Future<Integer> w : writers) {
      applied += w.get(90, TimeUnit.SECONDS);
    }
    done.set(true);
    auditor.get(30, TimeUnit.SECONDS);
    System.out.printf(
        "ConcurrentCounterIT transfers: %d threads, %d applied, %d refused for funds, %d transaction"
            + " conflicts, %d consistent snapshots%n",
        THREADS, applied, insufficient.get(), conflicts.get(), snapshots.get());

    assertThat(applied + insufficient.get() + conflicts.get())
        .isEqualTo((long) THREADS * perThread);
    assertThat(applied).as("transfers applied").isPositive();
    long total = 0;
    Map<String, Long> balances = new HashMap<>();
    for (int a = 0; a < accounts; a++) {
      long balance =
          count(
              engine
                  .getItem(GetItemRequest.of(TABLE, key("a" + a)).consistent())
                  .item()
                  .orElseThrow());
      assertThat(balance).as("balance of a%d", a).isNotNegative();
      balances.put("a" + a, balance);
      total += balance;
    }
    assertThat(total).isEqualTo(expectedTotal);
    List<ChangeEvent> log = readAll();
    assertThat(log).hasSize(accounts + 2 * (int) applied);
    Map<String, Long> replayed = new HashMap<>();
    for (ChangeEvent e : log) {
      String id = ((AttributeValue.S) e.dynamodb().keys().get("id")).value();
      Long before = replayed.get(id);
      if (before == null) {
        assertThat(e.eventName()).isEqualTo(EventName.INSERT);
      } else {
        assertThat(count(e.dynamodb().oldImage().orElseThrow()))
            .as("%s: old image = the previous record's new image", id)
            .isEqualTo(before);
      }
      replayed.put(id, count(e.dynamodb().newImage().orElseThrow()));
    }
    assertThat(replayed).as("replaying the log gives the balances").isEqualTo(balances);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** The log of counter {@code id}: its INSERT of 0, then one MODIFY per increment, in order. */
  private static void assertCounterLog(List<ChangeEvent> log, String id, long increments) {
    assertThat(log).hasSize((int) increments + 1);
    assertThat(log.get(0).eventName()).isEqualTo(EventName.INSERT);
    assertThat(count(log.get(0).dynamodb().newImage().orElseThrow())).isZero();
    long previous = ChangeStream.sequenceOf(log.get(0));
    for (int i = 1; i < log.size(); i++) {
      ChangeEvent e = log.get(i);
      assertThat(e.eventName()).as("record %d", i).isEqualTo(EventName.MODIFY);
      assertThat(e.dynamodb().keys()).isEqualTo(key(id));
      long oldValue = count(e.dynamodb().oldImage().orElseThrow());
      long newValue = count(e.dynamodb().newImage().orElseThrow());
      assertThat(oldValue).as("record %d: old image = new image - 1", i).isEqualTo(newValue - 1);
      assertThat(newValue).as("record %d: values in write order", i).isEqualTo(i);
      long seq = ChangeStream.sequenceOf(e);
      assertThat(seq)
          .as("record %d: sequence numbers strictly increase", i)
          .isGreaterThan(previous);
      previous = seq;
    }
  }

  private List<ChangeEvent> readAll() {
    ChangeStream stream = engine.changeStream(TABLE);
    List<ChangeEvent> out = new ArrayList<>();
    long after = 0;
    for (List<ChangeEvent> chunk = stream.read(after, 500);
        !chunk.isEmpty();
        chunk = stream.read(after, 500)) {
      out.addAll(chunk);
      after = ChangeStream.sequenceOf(chunk.get(chunk.size() - 1));
    }
    return out;
  }

  private static List<Long> sequences(List<ChangeEvent> events) {
    return events.stream().map(ChangeStream::sequenceOf).toList();
  }

  private static List<Long> range(long from, long toInclusive) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= toInclusive; i++) {
      out.add(i);
    }
    return out;
  }

  private static Map<String, AttributeValue> key(String id) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put("id", AttributeValue.s(id));
    return key;
  }

  private static long count(Map<String, AttributeValue> item) {
    BigDecimal v = ((AttributeValue.N) item.get("count")).value();
    return v.longValueExact();
  }
}

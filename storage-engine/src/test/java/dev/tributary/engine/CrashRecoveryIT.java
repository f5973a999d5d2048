package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.engine.model.ScanRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL mid-run, three times on one data directory, and checks after
 * each kill that the engine lost no acknowledged write, that the change log holds a record for
 * every write, and that no record exists without the item state it describes (item and record
 * commit in one atomic batch, so a transaction is either wholly in the log or not at all).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {
  static final int ROUNDS = 3;

  @TempDir Path tmp;

  @Test
  void killedWriterLosesNoAcknowledgedWriteAndLogMatchesItems() throws Exception {
    killAndVerify("sync");
  }

  /** Every key's write in flight at once, acknowledged from the engine's commit thread. */
  @Test
  void killedConcurrentAsyncWriterLosesNoAcknowledgedWrite() throws Exception {
    killAndVerify("async");
  }

  private void killAndVerify(String mode) throws Exception {
    long seed = Long.getLong("tributary.crash.seed", 7_2026L);
    Random rnd = new Random(seed);
    Path data = tmp.resolve("data");
    Map<String, Long> acked = new TreeMap<>();
    long totalAcks = 0;
    long began = System.nanoTime();
    List<String> report = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      long delayMillis = 300L + rnd.nextInt(1200);
      Child child =
          Child.start(data, rnd.nextLong(), round, mode, tmp.resolve("child-" + round + ".err"));
      List<String> lines;
      try {
        child.awaitReady(30_000);
        child.awaitAcks(10, 30_000); // so that a slow machine still kills it mid-run, not at start
        Thread.sleep(delayMillis);
        if (!child.process.isAlive()) {
          fail("the writer exited before it was killed:\n" + child.stderr());
        }
        child.kill();
        lines = child.linesAfterExit();
      } finally {
        child.process.destroyForcibly();
      }
      int acks = 0;
      for (String line : lines) {
        if (line.equals("TIMEOUT")) {
          fail("the writer ran out of time before it was killed");
        }
        if (!line.startsWith("ACK ")) {
          continue;
        }
        String[] parts = line.split(" ");
        for (int i = 1; i + 1 < parts.length; i += 2) {
          acked.merge(parts[i], Long.parseLong(parts[i + 1]), Math::max);
        }
        acks++;
      }
      totalAcks += acks;
      assertThat(acks).as("round %d acknowledged writes before the kill", round).isPositive();
      String verified = verify(data, acked, round);
      report.add(
          "round "
              + round
              + ": killed "
              + delayMillis
              + " ms after the 10th ack, "
              + acks
              + " acks; "
              + verified);
    }
    System.out.printf(
        "CrashRecoveryIT (%s) seed=%d: %d rounds, %d acknowledged writes, %d ms%n  %s%n",
        mode,
        seed,
        ROUNDS,
        totalAcks,
        (System.nanoTime() - began) / 1_000_000,
        String.join("\n  ", report));
  }

  /** Opens the engine on what the killed writer left and checks items against the change log. */
  private static String verify(Path data, Map<String, Long> acked, int round) {
    try (TributaryEngine engine =
        TributaryEngine.open(
            EngineOptions.builder(data).syncWrites(true).retainChangesForever().build())) {
      Map<String, Map<String, AttributeValue>> stored = new TreeMap<>();
      Optional<Map<String, AttributeValue>> start = Optional.empty();
      do {
        var page =
            engine.scan(
                ScanRequest.builder(CrashWriterMain.TABLE)
                    .exclusiveStartKey(start.orElse(null))
                    .build());
        for (Map<String, AttributeValue> item : page.items()) {
          stored.put(id(item), item);
        }
        start = page.lastEvaluatedKey();
      } while (start.isPresent());

      List<ChangeEvent> log = new ArrayList<>();
      ChangeStream stream = engine.changeStream(CrashWriterMain.TABLE);
      for (List<ChangeEvent> chunk = stream.read(0, 1000);
          !chunk.isEmpty();
          chunk = stream.read(ChangeStream.sequenceOf(log.get(log.size() - 1)), 1000)) {
        log.addAll(chunk);
      }

      // 1. every acknowledged write is there: the item is at least at the acknowledged version,
      //    and at most one unacknowledged write beyond it
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        Map<String, AttributeValue> item = stored.get(e.getKey());
        assertThat(item)
            .as("round %d: item %s, acknowledged at version %d", round, e.getKey(), e.getValue())
            .isNotNull();
        assertThat(version(item))
            .as("round %d: version of %s (acknowledged %d)", round, e.getKey(), e.getValue())
            .isBetween(e.getValue(), e.getValue() + 1);
      }
      for (String id : stored.keySet()) {
        assertThat(acked.containsKey(id) || version(stored.get(id)) == 1)
            .as(
                "round %d: %s exists without an acknowledged write, beyond one in flight",
                round, id)
            .isTrue();
      }

      // 2. the log per key: versions 1, 2, 3, ... with no gap or repeat, old image = previous new
      //    image; sequence numbers strictly increase
      Map<String, List<ChangeEvent>> byKey = new TreeMap<>();
      long previous = 0;
      for (ChangeEvent e : log) {
        long seq = ChangeStream.sequenceOf(e);
        assertThat(seq).as("round %d: sequence numbers increase", round).isGreaterThan(previous);
        previous = seq;
        byKey.computeIfAbsent(id(e.dynamodb().keys()), k -> new ArrayList<>()).add(e);
      }
      for (Map.Entry<String, List<ChangeEvent>> e : byKey.entrySet()) {
        List<ChangeEvent> records = e.getValue();
        Map<String, AttributeValue> before = null;
        for (int i = 0; i < records.size(); i++) {
          ChangeEvent r = records.get(i);
          Map<String, AttributeValue> image = r.dynamodb().newImage().orElseThrow();
          assertThat(r.eventName()).isEqualTo(i == 0 ? EventName.INSERT : EventName.MODIFY);
          assertThat(version(image))
              .as("round %d: %s record %d", round, e.getKey(), i)
              .isEqualTo(i + 1);
          assertThat(r.dynamodb().oldImage().orElse(null))
              .as("round %d: %s record %d old image = the previous new image", round, e.getKey(), i)
              .isEqualTo(before);
          before = image;
        }
        // 3. no record without the item state it describes: replaying the log gives the store
        assertThat(before)
            .as("round %d: the last record of %s equals the stored item", round, e.getKey())
            .isEqualTo(stored.get(e.getKey()));
      }
      assertThat(byKey.keySet())
          .as("round %d: every stored item has records", round)
          .isEqualTo(stored.keySet());
      for (Map.Entry<String, Long> e : acked.entrySet()) {
        assertThat(byKey.get(e.getKey()).size())
            .as("round %d: a record for every acknowledged write of %s", round, e.getKey())
            .isGreaterThanOrEqualTo(e.getValue().intValue());
      }

      // 4. transactions are whole: each txid's records are all there, one per item, contiguous
      Map<String, List<Long>> transactions = new LinkedHashMap<>();
      Map<String, Long> sizes = new HashMap<>();
      for (ChangeEvent e : log) {
        Map<String, AttributeValue> image = e.dynamodb().newImage().orElseThrow();
        if (image.get("txid") instanceof AttributeValue.S txid
            && !image.equals(e.dynamodb().oldImage().orElse(null))) {
          transactions
              .computeIfAbsent(txid.value(), k -> new ArrayList<>())
              .add(ChangeStream.sequenceOf(e));
          sizes.put(
              txid.value(), ((AttributeValue.N) image.get("txsize")).value().longValueExact());
        }
      }
      for (Map.Entry<String, List<Long>> tx : transactions.entrySet()) {
        List<Long> seqs = tx.getValue();
        assertThat(seqs)
            .as("round %d: records of transaction %s", round, tx.getKey())
            .hasSize(sizes.get(tx.getKey()).intValue());
        assertThat(Collections.max(seqs) - Collections.min(seqs))
            .as("round %d: transaction %s is contiguous in the log", round, tx.getKey())
            .isEqualTo(seqs.size() - 1L);
      }
      long unacked =
          stored.entrySet().stream()
              .filter(e -> version(e.getValue()) > acked.getOrDefault(e.getKey(), 0L))
              .count();
      return stored.size()
          + " items, "
          + log.size()
          + " change records, "
          + transactions.size()
          + " transactions, "
          + unacked
          + " item(s) one unacknowledged write ahead";
    }
  }

  private static String id(Map<String, AttributeValue> item) {
    return ((AttributeValue.S) item.get("id")).value();
  }

  private static long version(Map<String, AttributeValue> item) {
    return ((AttributeValue.N) item.get("version")).value().longValueExact();
  }

  /** The writer process and what it printed. */
  private static final class Child {
    final Process process;
    final Path stderrFile;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch ready = new CountDownLatch(1);
    final AtomicInteger acks = new AtomicInteger();
    final Thread reader;

    private Child(Process process, Path stderrFile) {
      this.process = process;
      this.stderrFile = stderrFile;
      this.reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    if (line.startsWith("ACK ")) {
                      acks.incrementAndGet();
                    }
                    if (line.startsWith("READY ")) {
                      ready.countDown();
                    }
                  }
                } catch (IOException ignored) {
                  // the pipe closes when the process dies
                }
              },
              "crash-writer-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(Path data, long seed, int round, String mode, Path stderrFile)
        throws IOException {
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:+UseSerialGC",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  classpath,
                  CrashWriterMain.class.getName(),
                  data.toString(),
                  Long.toString(seed),
                  Integer.toString(round),
                  mode)
              .redirectError(stderrFile.toFile());
      return new Child(pb.start(), stderrFile);
    }

    void awaitReady(long millis) throws InterruptedException {
      if (!ready.await(millis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail(
            "the writer did not get ready:\n"
                + stderr()
                + "\nstdout:\n"
                + String.join("\n", lines));
      }
    }

    void awaitAcks(int count, long millis) throws InterruptedException {
      long deadline = System.nanoTime() + millis * 1_000_000;
      while (acks.get() < count) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          process.destroyForcibly();
          fail("the writer acknowledged fewer than " + count + " writes:\n" + stderr());
        }
        Thread.sleep(5);
      }
    }

    /** SIGKILL: no shutdown hook, no close, no flush. */
    void kill() throws IOException, InterruptedException {
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.pid())).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        process.destroyForcibly();
      }
    }

    List<String> linesAfterExit() throws InterruptedException {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the writer died").isTrue();
      assertThat(process.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(137);
      reader.join(10_000);
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    String stderr() {
      try {
        return Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
      } catch (IOException e) {
        return "(stderr unreadable: " + e + ")";
      }
    }
  }
}

package dev.tributary.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance run's crash: the pipeline runs in a child JVM against this JVM's broker and is
 * killed with SIGKILL three times mid-run, then restarted; its on-disk ledgers (idempotent on
 * eventID) must end with exactly the routed sets, and every lane must hold each routed event once.
 */
@Tag("slow")
class PipelineCrashIT {
  private static final int EVENTS = 100_000;
  private static final int KEYS = 2_000;
  private static final double[] KILL_AT = {0.15, 0.45, 0.75}; // fractions of the ledgers' lines
  private static final int LINE_BYTES = OrderStream.eventId(1).length() + 1;

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
  void shouldEndWithExactlyTheRoutedSetsAfterThreeKills() throws Exception {
    OrderStream input = OrderStream.generate(EVENTS, KEYS, 9);
    kafka.createTopic(Topics.changeTopic(OrderStream.TABLE), 8);
    input.produce(kafka.bootstrapServers());
    long expectedLines =
        OrderStream.HANDLERS.stream().mapToLong(h -> input.routedTo(h).size()).sum();
    Path ledgers = dir.resolve("ledgers");

    long t0 = System.nanoTime();
    List<String> kills = new ArrayList<>();
    for (int i = 0; i < KILL_AT.length; i++) {
      Process child = startChild(i);
      long target = (long) (KILL_AT[i] * expectedLines);
      while (child.isAlive() && approxLines(ledgers) < target) {
        Thread.sleep(20);
      }
      assertThat(child.isAlive()).as("child %d still running at its kill point", i).isTrue();
      kill9(child.pid());
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      kills.add(
          String.format(
              "kill %d at ~%,d ledger lines (exit %d)",
              i + 1, approxLines(ledgers), child.exitValue()));
    }
    Process last = startChild(KILL_AT.length);
    assertThat(last.waitFor(5, TimeUnit.MINUTES)).as("last child finished").isTrue();
    assertThat(last.exitValue()).isZero();
    long seconds = (System.nanoTime() - t0) / 1_000_000_000;
    assertThat(Files.readString(childLog(KILL_AT.length))).contains(CrashPipelineMain.CAUGHT_UP);

    long redeliveries = 0;
    for (String h : OrderStream.HANDLERS) {
      List<String> lines = Files.readAllLines(ledgers.resolve(h + ".ledger"));
      List<String> applied =
          lines.stream().filter(l -> !l.startsWith(LedgerHandler.REDELIVERY)).toList();
      int dups = lines.size() - applied.size();
      redeliveries += dups;
      assertThat(applied).as("ledger %s applies each event once", h).doesNotHaveDuplicates();
      assertThat(new LinkedHashSet<>(applied)).as("ledger %s", h).isEqualTo(input.routedTo(h));
      System.out.printf(
          "  crash ledger %s: %,d events, %,d redeliveries deduplicated%n",
          h, applied.size(), dups);
      List<String> lane =
          TopicReader.readAll(kafka.bootstrapServers(), Topics.laneTopic("crash", h)).stream()
              .map(r -> ChangeEventSerde.fromBytes(r.value()).eventId())
              .toList();
      assertThat(lane)
          .as("lane %s holds each routed event once", h)
          .hasSameSizeAs(input.routedTo(h));
      assertThat(new LinkedHashSet<>(lane)).isEqualTo(input.routedTo(h));
    }
    System.out.printf(
        "crash: %,d events, %d SIGKILLs (%s), done in %d s, %,d redeliveries before"
            + " deduplication%n",
        EVENTS, KILL_AT.length, String.join("; ", kills), seconds, redeliveries);
    System.out.printf("  child logs: %s%n", logSummary());
    assertThat(redeliveries).isPositive();
  }

  private Process startChild(int n) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-cp",
            cp,
            CrashPipelineMain.class.getName(),
            kafka.bootstrapServers(),
            dir.resolve("child-state").toString(),
            dir.resolve("ledgers").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(childLog(n).toFile());
    return pb.start();
  }

  private static Path childLog(int n) {
    return dir.resolve("child-" + n + ".log");
  }

  private static void kill9(long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static long approxLines(Path ledgers) throws IOException {
    if (!Files.isDirectory(ledgers)) {
      return 0;
    }
    long bytes = 0;
    try (var files = Files.list(ledgers)) {
      for (Path f : files.toList()) {
        bytes += Files.size(f);
      }
    }
    return bytes / LINE_BYTES;
  }

  /** How many lines of each child's log mention an out-of-order sequence or an error. */
  private static Map<String, String> logSummary() throws IOException {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i <= KILL_AT.length; i++) {
      List<String> lines = Files.readAllLines(childLog(i), StandardCharsets.UTF_8);
      long oosn = lines.stream().filter(l -> l.contains("OUT_OF_ORDER_SEQUENCE")).count();
      long errors = lines.stream().filter(l -> l.contains(" ERROR ")).count();
      out.put(
          "child-" + i,
          lines.size() + " lines, " + errors + " ERROR, " + oosn + " OUT_OF_ORDER_SEQUENCE");
      lines.stream()
          .filter(l -> l.contains(" ERROR ") || l.contains("OUT_OF_ORDER_SEQUENCE"))
          .limit(3)
          .forEach(l -> System.out.printf("  child-%d: %s%n", out.size() - 1, l));
    }
    Set<String> keys = new TreeSet<>(out.keySet());
    Map<String, String> sorted = new LinkedHashMap<>();
    keys.forEach(k -> sorted.put(k, out.get(k)));
    return sorted;
  }
}

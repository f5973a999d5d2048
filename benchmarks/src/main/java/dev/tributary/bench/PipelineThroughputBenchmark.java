package dev.tributary.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.PipelineRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end harness (not JMH: one run is minutes of broker, Streams and runner threads): events
 * per second and write-to-handler latency through the pipeline topology ({@code exactly_once_v2})
 * and a handler runner with a no-op handler, side by side with a raw Kafka producer → {@code
 * read_committed} consumer of the same records on the same embedded broker.
 *
 * <p>Each path runs two phases after a warm-up: a burst (every event sent at once; events/s from
 * the first send to the last arrival) and a paced run at a fixed rate (latency p50 / p99 / max,
 * where queueing does not dominate). Usage: {@code PipelineThroughputBenchmark [events]
 * [paced-rate/s] [paced-seconds]}.
 */
public final class PipelineThroughputBenchmark {
  private static final int PARTITIONS = 8;
  private static final int KEYS = 2_000;
  private static final String RAW_TOPIC = "bench.raw";
  private static final Batching BATCHING = Batching.of(500, Duration.ofMillis(20));

  private final EmbeddedKafka kafka;
  private final KafkaProducer<byte[], byte[]> producer;
  private final BenchEvents events = new BenchEvents(KEYS);

  private PipelineThroughputBenchmark(EmbeddedKafka kafka) {
    this.kafka = kafka;
    Map<String, Object> p = new HashMap<>(kafka.clientConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  // Process CPU (every thread: broker, clients, topology, runner, GC) per event of a phase. Unlike
  // events/s it barely moves when other processes take the cores, so it is the figure to compare
  // on a shared machine.
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final boolean ALL_THREADS = Boolean.getBoolean("bench.allThreads");

  /**
   * CPU time of the threads doing each path's own work, by group: the topology's stream thread, the
   * runner, the raw consumer. Unlike process CPU it leaves out the broker, the shared producer and
   * background threads, whose share grows with a phase's duration.
   */
  private static Map<String, Long> threadCpu() {
    Map<String, Long> out = new TreeMap<>();
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      String name = t.getThreadName();
      String group =
          name.contains("StreamThread") && !name.contains("producer")
              ? "topology"
              : name.startsWith("tributary-runner")
                  ? "runner"
                  : name.startsWith("bench-raw-consumer") ? "raw consumer" : null;
      long cpu = THREADS.getThreadCpuTime(t.getThreadId());
      if (group != null && cpu > 0) {
        out.merge(group, cpu, Long::sum);
      }
    }
    return out;
  }

  private static String threadCpuPerEvent(Map<String, Long> before, long events) {
    StringBuilder b = new StringBuilder();
    threadCpu()
        .forEach(
            (group, cpu) -> {
              long delta = cpu - before.getOrDefault(group, 0L);
              if (delta > 0) {
                b.append(b.length() == 0 ? "" : ", ")
                    .append(String.format("%s %.1f", group, delta / 1000.0 / events));
              }
            });
    return b.toString();
  }

  /**
   * Diagnosis ({@code -Dbench.allThreads=true}): CPU of every Java thread, grouped by its name with
   * digits masked, plus what the process spent outside Java threads (GC, JIT, VM).
   */
  private static Map<String, Long> allThreadCpu() {
    Map<String, Long> out = new TreeMap<>();
    long javaTotal = 0;
    for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(t.getThreadId());
      if (cpu > 0) {
        out.merge(t.getThreadName().replaceAll("[0-9]+", "#"), cpu, Long::sum);
        javaTotal += cpu;
      }
    }
    long named = 0;
    // Threads the JVM hides from ThreadMXBean (GC, JIT compilers, VM), by their kernel name.
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String stat = Files.readString(task.resolve("stat"));
        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (comm.startsWith("GC Thread")
            || comm.contains("CompilerThre")
            || comm.startsWith("VM ")
            || comm.startsWith("G1 ")) {
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L; // USER_HZ 100
          out.merge("[jvm] " + comm.replaceAll("[0-9]+", "#"), nanos, Long::sum);
          named += nanos;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: leave the split out
    }
    out.put("[jvm] other", OS.getProcessCpuTime() - javaTotal - named);
    return out;
  }

  private static String allThreadCpuPerEvent(Map<String, Long> before, long events) {
    StringBuilder b = new StringBuilder();
    allThreadCpu().entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() / events >= 100) // at least 0.1 µs/event
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                b.append(
                    String.format("%n    %7.1f  %s", e.getValue() / 1000.0 / events, e.getKey())));
    return b.toString();
  }

  /** One measured phase of one path. */
  private record Result(
      String path,
      String phase,
      long events,
      double seconds,
      Histogram latency,
      long cpuNanos,
      String threadCpu) {
    double rate() {
      return events / seconds;
    }

    double cpuMicrosPerEvent() {
      return cpuNanos / 1000.0 / events;
    }
  }

  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    int pacedRate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int pacedSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    // A run appends 5-7 GB to the broker's log: the directory goes when the run ends.
    Path dir = BenchDirs.create("pipeline");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      new PipelineThroughputBenchmark(kafka).run(dir, burst, pacedRate, pacedSeconds);
    } finally {
      BenchDirs.delete(dir);
    }
    System.exit(0);
  }

  private void run(Path dir, int burst, int pacedRate, int pacedSeconds) throws Exception {
    LatencySink rawSink = new LatencySink();
    LatencySink pipeSink = new LatencySink();
    kafka.createTopic(RAW_TOPIC, PARTITIONS);
    kafka.createTopic(Topics.changeTopic(BenchEvents.TABLE), PARTITIONS);
    Pipeline pipeline =
        Pipeline.builder("bench")
            .source(BenchEvents.TABLE)
            .route("noop", Routes.always(), HandlerSpec.of(() -> noOp(pipeSink)).batching(BATCHING))
            .build();
    List<Result> results = new ArrayList<>();
    // Diagnosis: -Dbench.laneProbe=true also reads the lane topic, to split latency between the
    // topology and the runner (it costs CPU, so it is off for the figures).
    LatencySink laneSink = new LatencySink();
    RawKafkaPath laneProbe = null;
    String changeTopic = Topics.changeTopic(BenchEvents.TABLE);
    PipelineRuntime.Builder builder =
        PipelineRuntime.builder(kafka.bootstrapServers())
            .pipeline(pipeline)
            .stateDir(dir.resolve("streams"))
            .runnerId("bench");
    // Experiments: -Dbench.streams.<key>=<value> overrides a Kafka Streams setting.
    System.getProperties().stringPropertyNames().stream()
        .filter(k -> k.startsWith("bench.streams."))
        .forEach(
            k ->
                builder.streamsConfig(
                    k.substring("bench.streams.".length()), System.getProperty(k)));
    try (RawKafkaPath raw = new RawKafkaPath(kafka.bootstrapServers(), RAW_TOPIC, rawSink);
        PipelineRuntime runtime = builder.start()) {
      if (Boolean.getBoolean("bench.laneProbe")) {
        laneProbe =
            new RawKafkaPath(
                kafka.bootstrapServers(), pipeline.laneTopic("noop"), laneSink, "bench.probe");
      }
      // The JIT compiles Kafka's and the pipeline's code for over a minute: with a short warm-up
      // the compiler threads took a fifth to a third of the pipeline's CPU in the measured bursts
      // (-Dbench.allThreads shows them). Then -Dbench.rounds alternations, quoted as medians.
      int warmup = Math.max(10_000, burst / 10);
      long warmupSeconds = Long.getLong("bench.warmupSeconds", 90);
      System.err.printf("warm-up: bursts of %,d events per path for %d s%n", warmup, warmupSeconds);
      long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
      do {
        burst("raw Kafka", RAW_TOPIC, rawSink, warmup);
        burst("pipeline", changeTopic, pipeSink, warmup);
      } while (System.nanoTime() < warmupEnd);
      for (int i = 0, rounds = Integer.getInteger("bench.rounds", 3); i < rounds; i++) {
        results.add(burst("raw Kafka", RAW_TOPIC, rawSink, burst));
        results.add(burst("pipeline", changeTopic, pipeSink, burst));
      }
      results.add(paced("raw Kafka", RAW_TOPIC, rawSink, pacedRate, pacedSeconds));
      laneSink.reset();
      results.add(paced("pipeline", changeTopic, pipeSink, pacedRate, pacedSeconds));
      System.err.println("runner: " + runtime.stats());
      if (laneProbe != null) {
        Histogram h = laneSink.snapshot();
        System.err.printf(
            "lane probe (change topic -> lane topic, topology only), last paced phase: p50 %.1f ms,"
                + " p99 %.1f ms, max %.1f ms%n",
            h.getValueAtPercentile(50) / 1000.0,
            h.getValueAtPercentile(99) / 1000.0,
            h.getMaxValue() / 1000.0);
        laneProbe.close();
      }
    } finally {
      producer.close(Duration.ofSeconds(5));
    }
    print(results, burst, pacedRate);
  }

  private Result burst(String path, String topic, LatencySink sink, int n) throws Exception {
    sink.reset();
    long cpu0 = OS.getProcessCpuTime();
    Map<String, Long> threads0 = threadCpu();
    Map<String, Long> all0 = ALL_THREADS ? allThreadCpu() : Map.of();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      producer.send(events.next(topic));
    }
    producer.flush();
    long last = sink.await(n, Duration.ofMinutes(10).toMillis());
    if (ALL_THREADS) {
      System.err.printf(
          "all threads, µs of CPU per event, %s burst:%s%n", path, allThreadCpuPerEvent(all0, n));
    }
    return new Result(
        path,
        "burst",
        n,
        (last - t0) / 1e9,
        sink.snapshot(),
        OS.getProcessCpuTime() - cpu0,
        threadCpuPerEvent(threads0, n));
  }

  private Result paced(String path, String topic, LatencySink sink, int rate, int seconds)
      throws Exception {
    sink.reset();
    long n = (long) rate * seconds;
    long intervalNanos = 1_000_000_000L / rate;
    long cpu0 = OS.getProcessCpuTime();
    Map<String, Long> threads0 = threadCpu();
    long t0 = System.nanoTime();
    for (long i = 0; i < n; i++) {
      long due = t0 + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      producer.send(events.next(topic));
    }
    producer.flush();
    long last = sink.await(n, Duration.ofMinutes(10).toMillis());
    return new Result(
        path,
        "paced",
        n,
        (last - t0) / 1e9,
        sink.snapshot(),
        OS.getProcessCpuTime() - cpu0,
        threadCpuPerEvent(threads0, n));
  }

  private static ChangeHandler noOp(LatencySink sink) {
    return new ChangeHandler() {
      @Override
      public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
        batch.forEach(sink::record);
        return BatchResult.success();
      }
    };
  }

  private static void print(List<Result> results, int burst, int pacedRate) {
    System.out.printf(
        "%nPipeline vs raw Kafka: %,d-event burst, then %,d events/s paced; %d partitions, %,d"
            + " keys, pipeline batching %d events / %d ms, exactly_once_v2%n%n",
        burst, pacedRate, PARTITIONS, KEYS, BATCHING.maxRecords(), BATCHING.maxWindow().toMillis());
    System.out.println(
        "| path | phase | events | events/s | p50 ms | p99 ms | max ms | process CPU µs/event |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Result r : results) {
      System.out.printf(
          "| %s | %s | %,d | %,.0f | %.1f | %.1f | %.1f | %.0f |%n",
          r.path(),
          r.phase(),
          r.events(),
          r.rate(),
          r.latency().getValueAtPercentile(50) / 1000.0,
          r.latency().getValueAtPercentile(99) / 1000.0,
          r.latency().getMaxValue() / 1000.0,
          r.cpuMicrosPerEvent());
    }
    List<Double> ratios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    Result pacedPipeline = null;
    for (int i = 0; i + 1 < results.size(); i++) {
      Result a = results.get(i);
      Result b = results.get(i + 1);
      if (a.phase().equals("burst") && b.phase().equals("burst") && a.path().equals("raw Kafka")) {
        ratios.add(b.rate() / a.rate());
        cpuRatios.add(a.cpuMicrosPerEvent() / b.cpuMicrosPerEvent());
      }
    }
    for (Result r : results) {
      if (r.phase().equals("paced") && r.path().equals("pipeline")) {
        pacedPipeline = r;
      }
    }
    System.out.printf(
        "%nthroughput ratio pipeline / raw Kafka: %.2f (median of %s; target >= 0.5); paced p99"
            + " pipeline %.0f ms (target < 250 ms)%n",
        median(ratios), format(ratios), pacedPipeline.latency().getValueAtPercentile(99) / 1000.0);
    System.out.printf(
        "burst CPU per event raw / pipeline: %.2f (median of %s; the throughput ratio on a"
            + " CPU-bound machine)%n",
        median(cpuRatios), format(cpuRatios));
    for (Result r : results) {
      System.out.printf("thread CPU µs/event, %s %s: %s%n", r.path(), r.phase(), r.threadCpu());
    }
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = xs.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String format(List<Double> xs) {
    return xs.stream().map(x -> String.format("%.2f", x)).collect(Collectors.joining(" / "));
  }
}

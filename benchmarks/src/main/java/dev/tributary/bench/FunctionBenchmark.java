package dev.tributary.bench;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.handlers.function.FunctionHandler;
import dev.tributary.handlers.function.FunctionRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * End-to-end harness: one pipeline, every event routed to two lanes at once, a no-op Java handler
 * and a no-op Python function run through the Lambda Runtime API ({@code type: function}), so both
 * see the same events in one run. Events per second of a burst (first send to last event done) and
 * write-to-function latency of a paced run (from the send to the function's response; for the Java
 * handler, to its return). Usage: {@code FunctionBenchmark [burst-events] [paced-rate/s]
 * [paced-seconds]}; {@code -Dbench.concurrency=N} sets the function's processes per runner.
 */
public final class FunctionBenchmark {
  private static final int PARTITIONS = 8;
  private static final Batching BATCHING = Batching.of(500, Duration.ofMillis(20));

  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    int pacedRate = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    int pacedSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int concurrency = Integer.getInteger("bench.concurrency", 1);
    Path dir = BenchDirs.create("function");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      run(kafka, dir, burst, pacedRate, pacedSeconds, concurrency);
    } finally {
      BenchDirs.delete(dir);
    }
    System.exit(0);
  }

  private static void run(
      EmbeddedKafka kafka, Path dir, int burst, int pacedRate, int pacedSeconds, int concurrency)
      throws Exception {
    Path code = Files.createDirectories(dir.resolve("function"));
    Files.writeString(code.resolve("noop.py"), "def handler(event, context):\n    return None\n");
    LatencySink javaSink = new LatencySink();
    LatencySink pythonSink = new LatencySink();
    kafka.createTopic(Topics.changeTopic(BenchEvents.TABLE), PARTITIONS);
    Pipeline pipeline =
        Pipeline.builder("bench")
            .source(BenchEvents.TABLE)
            .route(
                "java",
                Routes.always(),
                HandlerSpec.of(() -> recording(null, javaSink)).batching(BATCHING))
            .route(
                "python",
                Routes.always(),
                HandlerSpec.of(
                        () ->
                            recording(
                                FunctionHandler.builder(FunctionRuntime.PYTHON3, code)
                                    .handler("noop.handler")
                                    .timeout(Duration.ofSeconds(60))
                                    .concurrency(concurrency)
                                    .build(),
                                pythonSink))
                    .batching(BATCHING))
            .build();
    Map<String, Object> p = new HashMap<>(kafka.clientConfig());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    BenchEvents events = new BenchEvents(2_000);
    String topic = Topics.changeTopic(BenchEvents.TABLE);
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        PipelineRuntime runtime =
            PipelineRuntime.builder(kafka.bootstrapServers())
                .pipeline(pipeline)
                .stateDir(dir.resolve("streams"))
                .runnerId("bench")
                .start()) {
      long warmupEnd =
          System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.warmupSeconds", 30));
      do {
        phase(producer, events, topic, List.of(javaSink, pythonSink), 10_000, 0);
      } while (System.nanoTime() < warmupEnd);
      long[] burstEnds = phase(producer, events, topic, List.of(javaSink, pythonSink), burst, 0);
      Histogram javaBurst = javaSink.snapshot();
      Histogram pythonBurst = pythonSink.snapshot();
      long pacedN = (long) pacedRate * pacedSeconds;
      phase(producer, events, topic, List.of(javaSink, pythonSink), pacedN, pacedRate);
      System.out.printf(
          Locale.ROOT,
          "%nNo-op Java handler vs no-op Python function (Runtime API, concurrency %d), one"
              + " pipeline, both lanes fed the same events: %,d-event burst, then %,d events/s paced for %d s;"
              + " %d partitions, batching %d events / %d ms%n%n",
          concurrency,
          burst,
          pacedRate,
          pacedSeconds,
          PARTITIONS,
          BATCHING.maxRecords(),
          BATCHING.maxWindow().toMillis());
      System.out.println(
          "| handler | burst events/s | burst p99 ms | paced p50 ms | paced p99 ms | paced max ms |");
      System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
      row("no-op Java handler", burst, burstEnds[0], burstEnds[2], javaBurst, javaSink.snapshot());
      row(
          "no-op Python function",
          burst,
          burstEnds[1],
          burstEnds[2],
          pythonBurst,
          pythonSink.snapshot());
      System.err.println("runner: " + runtime.stats());
    }
  }

  /**
   * Sends {@code n} events (at {@code rate}/s, or all at once for 0); returns each sink's last
   * arrival and t0.
   */
  private static long[] phase(
      KafkaProducer<byte[], byte[]> producer,
      BenchEvents events,
      String topic,
      List<LatencySink> sinks,
      long n,
      int rate)
      throws Exception {
    sinks.forEach(LatencySink::reset);
    long t0 = System.nanoTime();
    long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
    for (long i = 0; i < n; i++) {
      if (interval > 0) {
        long wait = t0 + i * interval - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      producer.send(events.next(topic));
    }
    producer.flush();
    long[] out = new long[sinks.size() + 1];
    for (int i = 0; i < sinks.size(); i++) {
      out[i] = sinks.get(i).await(n, Duration.ofMinutes(10).toMillis());
    }
    out[sinks.size()] = t0;
    return out;
  }

  private static void row(
      String name, int burst, long last, long t0, Histogram burstLatency, Histogram paced) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %,.0f | %.1f | %.1f | %.1f | %.1f |%n",
        name,
        burst / ((last - t0) / 1e9),
        burstLatency.getValueAtPercentile(99) / 1000.0,
        paced.getValueAtPercentile(50) / 1000.0,
        paced.getValueAtPercentile(99) / 1000.0,
        paced.getMaxValue() / 1000.0);
  }

  /** Records each event of a batch once the delegate (if any) has handled it successfully. */
  private static ChangeHandler recording(ChangeHandler delegate, LatencySink sink) {
    return new ChangeHandler() {
      @Override
      public void open(HandlerContext context) throws Exception {
        if (delegate != null) {
          delegate.open(context);
        }
      }

      @Override
      public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
        BatchResult r = delegate == null ? BatchResult.success() : delegate.handle(batch, context);
        if (r.isSuccess()) {
          batch.forEach(sink::record);
        }
        return r;
      }

      @Override
      public void close() throws Exception {
        if (delegate != null) {
          delegate.close();
        }
      }
    };
  }
}

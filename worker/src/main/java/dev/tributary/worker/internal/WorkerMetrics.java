package dev.tributary.worker.internal;

import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.core.runner.RunnerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's Prometheus registry: handler meters ({@link MeteredHandler}), the runners' retries,
 * dead letters, batches and commits, and lag gauges (lanes, topologies, relay) refreshed in the
 * background, since measuring lag reads Kafka.
 */
public final class WorkerMetrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkerMetrics.class);
  private static final RunnerStats NONE = new RunnerStats(0, 0, 0, 0, 0, 0, 0, 0);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, double[]> lags = new ConcurrentHashMap<>();
  private final LaneStallWatch stalls;
  private ScheduledExecutorService poller;

  public WorkerMetrics() {
    this(LaneStallWatch.DEFAULT_BOUND);
  }

  /**
   * Metrics whose lanes count as stalled after {@code stallBound} without progress while lagging.
   */
  public WorkerMetrics(Duration stallBound) {
    this.stalls = new LaneStallWatch(stallBound);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Which lanes make no progress while they have lag (fed by the lag poller). */
  public LaneStallWatch stalls() {
    return stalls;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  /** The pipeline with metered handlers, to run instead of {@code p}. */
  public Pipeline metered(Pipeline p) {
    return Metering.metered(p, registry);
  }

  /**
   * Runner counters and lag gauges of every lane, topology and relayed table; starts polling lag.
   */
  public void watch(PipelineRuntime runtime, List<EngineRelay> relays, Duration lagInterval) {
    for (Pipeline p : runtime.pipelines()) {
      for (LaneSpec lane : p.lanes()) {
        String topic = lane.laneTopic();
        String[] tags = {"pipeline", lane.pipeline(), "handler", lane.handler()};
        runnerCounter(
            runtime,
            topic,
            tags,
            "tributary.runner.retries",
            "Events scheduled for another attempt",
            RunnerStats::retries);
        runnerCounter(
            runtime,
            topic,
            tags,
            "tributary.runner.dead.lettered",
            "Events written to the dead-letter topic",
            RunnerStats::deadLettered);
        runnerCounter(
            runtime,
            topic,
            tags,
            "tributary.runner.batches",
            "Handler calls",
            RunnerStats::batches);
        runnerCounter(
            runtime,
            topic,
            tags,
            "tributary.runner.commits",
            "Offset-commit transactions",
            RunnerStats::commits);
        lagGauges("tributary.lane", topic, tags);
        Gauge.builder("tributary.lane.stalled", stalls, w -> w.stalled(topic) ? 1 : 0)
            .description(
                "1 while the lane has lag and its committed offsets have not moved for the stall bound")
            .tags(tags)
            .register(registry);
      }
      for (String topic : p.sourceTopics()) {
        lagGauges(
            "tributary.topology",
            topic + "@" + p.name(),
            new String[] {"pipeline", p.name(), "topic", topic});
        String key = topic + "@" + p.name();
        Gauge.builder("tributary.topology.stalled", stalls, w -> w.stalled(key) ? 1 : 0)
            .description(
                "1 while the topology has lag on the topic and its committed offsets have not moved for the stall bound")
            .tags("pipeline", p.name(), "topic", topic)
            .register(registry);
      }
    }
    for (EngineRelay relay : relays) {
      Gauge.builder(
              "tributary.relay.lag.sequences",
              relay,
              r -> r.lags().values().stream().mapToLong(l -> l.sequencesBehind()).sum())
          .description("Change-log sequences the relay has not yet published")
          .tag("relay", relay.relayId())
          .register(registry);
      Gauge.builder(
              "tributary.relay.lag.seconds",
              relay,
              r ->
                  r.lags().values().stream()
                      .mapToDouble(l -> l.oldestUnpublishedAge().toMillis() / 1000.0)
                      .max()
                      .orElse(0))
          .description("Age of the oldest change not yet published")
          .tag("relay", relay.relayId())
          .register(registry);
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tributary-lag-poller");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        () -> pollLag(runtime), 0, lagInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runnerCounter(
      PipelineRuntime runtime,
      String topic,
      String[] tags,
      String name,
      String doc,
      ToLongFunction<RunnerStats> f) {
    FunctionCounter.builder(
            name, runtime, rt -> f.applyAsLong(rt.stats().getOrDefault(topic, NONE)))
        .description(doc + " (this process)")
        .tags(tags)
        .register(registry);
  }

  private void lagGauges(String prefix, String key, String[] tags) {
    double[] holder = lags.computeIfAbsent(key, k -> new double[2]);
    ToDoubleFunction<double[]> events = h -> h[0];
    ToDoubleFunction<double[]> seconds = h -> h[1];
    Gauge.builder(prefix + ".lag.events", holder, events)
        .description("Events not yet committed by the readers (all processes)")
        .tags(tags)
        .register(registry);
    Gauge.builder(prefix + ".lag.seconds", holder, seconds)
        .description("Age of the oldest event not yet committed; 0 when caught up")
        .tags(tags)
        .register(registry);
  }

  private void pollLag(PipelineRuntime runtime) {
    try {
      if (runtime.state() != PipelineRuntime.State.RUNNING) {
        return;
      }
      List<LaneStatus> lanes = runtime.lanes();
      for (LaneStatus s : lanes) {
        set(s.laneTopic(), s);
      }
      stalls.observe(lanes, System.nanoTime());
      int i = 0;
      List<LaneStatus> topologies = runtime.topologies();
      List<LaneStatus> named = new ArrayList<>();
      for (Pipeline p : runtime.pipelines()) {
        for (String topic : p.sourceTopics()) {
          if (i < topologies.size()) {
            LaneStatus t = topologies.get(i++);
            set(topic + "@" + p.name(), t);
            named.add(
                new LaneStatus(topic + "@" + p.name(), t.group(), t.partitions(), t.runner()));
          }
        }
      }
      stalls.observe(named, System.nanoTime()); // a topology that stops routing stalls its lanes
    } catch (RuntimeException e) {
      // The cluster may be away for a moment; the gauges keep their last values until it is back.
      log.debug("Lag poll failed: {}", e.toString());
    }
  }

  private void set(String key, LaneStatus s) {
    double[] h = lags.get(key);
    if (h != null) {
      h[0] = s.lagEvents();
      h[1] = s.lagTime().toMillis() / 1000.0;
    }
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
      try {
        poller.awaitTermination(5, TimeUnit.SECONDS); // a poll in flight reads the engine
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    registry.close();
  }
}

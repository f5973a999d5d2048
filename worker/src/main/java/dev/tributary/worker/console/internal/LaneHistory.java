package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.core.runner.RunnerStats;
import dev.tributary.worker.console.ConsoleBackend;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Every lane's lag (events and time), runner state and throughput, sampled now and then and kept
 * for the last minutes: what the lanes page charts. A sample is one JSON object: {@code t} (epoch
 * ms) and {@code lanes}, one entry per lane with {@code lane}, {@code pipeline}, {@code handler},
 * {@code lagEvents}, {@code lagSeconds}, {@code delivered}, {@code deadLettered}, {@code rate}
 * (events handed to the handler per second since the previous sample) and {@code runner}.
 */
final class LaneHistory {
  private final ConsoleBackend backend;
  private final int keep;
  private final LongSupplier clock;
  private final Deque<ObjectNode> samples = new ArrayDeque<>();
  private final Map<String, long[]> previous = new HashMap<>(); // lane -> {time ms, delivered}

  LaneHistory(ConsoleBackend backend, int keep, LongSupplier clock) {
    this.backend = backend;
    this.keep = keep;
    this.clock = clock;
  }

  /** Takes one sample (reads Kafka); empty while the pipelines do not run. */
  Optional<ObjectNode> sample() {
    Optional<PipelineRuntime> rt =
        backend.runtime().filter(r -> r.state() == PipelineRuntime.State.RUNNING);
    if (rt.isEmpty()) {
      return Optional.empty();
    }
    List<LaneStatus> statuses = rt.get().lanes();
    Map<String, RunnerStats> stats = rt.get().stats();
    Map<String, LaneSpec> specs = new HashMap<>();
    for (Pipeline p : backend.pipelines()) {
      p.lanes().forEach(l -> specs.put(l.laneTopic(), l));
    }
    long now = clock.getAsLong();
    ObjectNode sample = Web.JSON.createObjectNode();
    sample.put("t", now);
    ArrayNode lanes = sample.putArray("lanes");
    for (LaneStatus s : statuses) {
      LaneSpec spec = specs.get(s.laneTopic());
      RunnerStats st = stats.get(s.laneTopic());
      long delivered = st == null ? 0 : st.delivered();
      long[] prev = previous.put(s.laneTopic(), new long[] {now, delivered});
      double rate =
          prev == null || now <= prev[0]
              ? 0
              : Math.max(0, delivered - prev[1]) * 1000.0 / (now - prev[0]);
      ObjectNode o = lanes.addObject();
      o.put("lane", s.laneTopic());
      o.put("pipeline", spec == null ? "" : spec.pipeline());
      o.put("handler", spec == null ? "" : spec.handler());
      o.put("lagEvents", s.lagEvents());
      o.put("lagSeconds", s.lagTime().toMillis() / 1000.0);
      o.put("delivered", delivered);
      o.put("deadLettered", st == null ? 0 : st.deadLettered());
      o.put("rate", Math.round(rate * 10) / 10.0);
      o.put("runner", s.runner().state().name());
      o.put("restarts", s.runner().restarts());
      s.runner().lastError().ifPresent(e -> o.put("lastError", e));
    }
    synchronized (samples) {
      samples.addLast(sample);
      while (samples.size() > keep) {
        samples.removeFirst();
      }
    }
    return Optional.of(sample);
  }

  /** The samples kept, oldest first. */
  List<ObjectNode> all() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  Optional<ObjectNode> latest() {
    synchronized (samples) {
      return Optional.ofNullable(samples.peekLast());
    }
  }
}

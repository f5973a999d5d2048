package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.replay.Position;
import dev.tributary.worker.console.ConsoleBackend;
import dev.tributary.worker.internal.DeadLetters;
import dev.tributary.worker.replay.Replay;
import dev.tributary.worker.replay.ReplayReport;
import dev.tributary.worker.replay.ReplaySource;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/** The console's actions, each checked at once and then run as a {@link Jobs.Job}. */
final class Actions {
  private final ConsoleBackend backend;
  private final Jobs jobs;

  Actions(ConsoleBackend backend, Jobs jobs) {
    this.backend = backend;
    this.jobs = jobs;
  }

  /**
   * {@code {"lane": ..., "all": true}} or {@code {"lane": ..., "selection": [{"partition",
   * "offset"}]}}.
   */
  Jobs.Job redrive(LaneSpec lane, JsonNode body, String who) {
    boolean all = body.path("all").asBoolean(false);
    Set<DeadLetters.Position> selected = new LinkedHashSet<>();
    for (JsonNode n : body.path("selection")) {
      if (!n.path("partition").canConvertToInt() || !n.path("offset").canConvertToLong()) {
        throw new IllegalArgumentException(
            "each selected dead letter needs a partition and an offset");
      }
      selected.add(new DeadLetters.Position(n.get("partition").asInt(), n.get("offset").asLong()));
    }
    if (all == !selected.isEmpty()) {
      throw new IllegalArgumentException("give either \"all\": true or a non-empty \"selection\"");
    }
    DeadLetters dlq = new DeadLetters(backend.kafkaClientConfig());
    String what =
        (all ? "all" : selected.size() + " selected")
            + " of "
            + lane.deadLetterTopic()
            + " to "
            + lane.laneTopic();
    return jobs.start(
        "redrive",
        what,
        who,
        progress -> {
          long moved =
              all
                  ? dlq.redrive(lane, Optional.empty(), Optional.empty(), progress::progress)
                  : dlq.redriveSelected(lane, selected, progress::progress);
          return "redrove "
              + moved
              + " event(s) from "
              + lane.deadLetterTopic()
              + " to "
              + lane.laneTopic();
        });
  }

  /** {@code {"pipeline", "handler", "from", "to"?, "where"?, "source"?: lane | change-log}}. */
  Jobs.Job replay(JsonNode body, String who) {
    String pipelineName = ConsoleRoutes.text(body, "pipeline");
    String handler = ConsoleRoutes.text(body, "handler");
    Pipeline p =
        backend.pipelines().stream()
            .filter(x -> x.name().equals(pipelineName))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no pipeline '" + pipelineName + "'"));
    if (!p.handlers().containsKey(handler)) {
      throw new IllegalArgumentException(
          "pipeline '" + pipelineName + "' has no handler '" + handler + "'");
    }
    String source = body.path("source").asText("lane").toLowerCase(Locale.ROOT);
    Replay.Builder b =
        Replay.builder(p, handler)
            .clientConfig(backend.kafkaClientConfig())
            .from(position("from", ConsoleRoutes.text(body, "from")));
    switch (source) {
      case "lane", "" -> b.source(ReplaySource.lane());
      case "change-log" ->
          b.source(
              ReplaySource.changeLog(
                  backend
                      .engine()
                      .orElseThrow(
                          () ->
                              new IllegalArgumentException(
                                  "source change-log needs the embedded engine, and this worker has none"))));
      default ->
          throw new IllegalArgumentException(
              "source must be lane or change-log, was '" + source + "'");
    }
    if (body.hasNonNull("to") && !body.get("to").asText().isBlank()) {
      b.to(position("to", body.get("to").asText()));
    }
    if (body.hasNonNull("where") && !body.get("where").asText().isBlank()) {
      b.where(body.get("where").asText());
    }
    String what =
        pipelineName + "/" + handler + " from " + body.get("from").asText() + " (" + source + ")";
    AtomicReference<Jobs.Progress> sink = new AtomicReference<>();
    b.progress(
        (done, total) -> {
          Jobs.Progress to = sink.get();
          if (to != null) {
            to.progress(done, total);
          }
        });
    Replay replay;
    try {
      replay = b.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return jobs.start(
        "replay",
        what,
        who,
        progress -> {
          sink.set(progress);
          ReplayReport r = replay.run();
          return String.format(
              Locale.ROOT,
              "read %d, delivered %d, not routed %d, filtered %d, dead-lettered %d%s",
              r.read(),
              r.delivery().delivered(),
              r.notRouted(),
              r.filteredOut(),
              r.delivery().deadLettered(),
              r.warnings().isEmpty() ? "" : "; " + String.join("; ", r.warnings()));
        });
  }

  private static Position position(String field, String text) {
    try {
      return Position.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}

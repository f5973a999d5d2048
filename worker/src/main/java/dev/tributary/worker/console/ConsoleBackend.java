package dev.tributary.worker.console;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.TributaryEngine;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the web console shows and acts on: a running worker (or the demo) answers these. Every
 * method is cheap except where it says otherwise; the console calls them from its own threads.
 */
public interface ConsoleBackend {
  /** One source of change events and its state, such as {@code engine-relay/main RUNNING}. */
  record Source(String name, String state) {}

  /** The process's state in words ({@code RUNNING}, {@code STARTING}, ...). */
  String state();

  /** The pipelines, as declared. */
  List<Pipeline> pipelines();

  /** The running pipelines, once they run. */
  Optional<PipelineRuntime> runtime();

  /** The embedded table engine, when there is one. */
  Optional<TributaryEngine> engine();

  /** Settings for Kafka clients of this process's cluster ({@code bootstrap.servers} included). */
  Map<String, Object> kafkaClientConfig();

  /** The sources and their states. */
  List<Source> sources();
}

package dev.tributary.handlers.function;

import static dev.tributary.handlers.internal.Config.set;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import dev.tributary.handlers.internal.LambdaLimits;
import dev.tributary.handlers.lambda.FailureScope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: function}: a Lambda function in any language, run through the Runtime API. Keys:
 * {@code runtime} ({@code python3}, {@code nodejs}, {@code provided}) or {@code command} (a list),
 * {@code handler}, {@code code} (the code directory, relative to {@code base-dir}), {@code
 * function-name}, {@code memory-mb}, {@code timeout}, {@code init-timeout}, {@code environment} (a
 * map), {@code filter-criteria} (Lambda's {@code {Filters: [{Pattern: ...}]}}), {@code
 * concurrency}, {@code region}, {@code failure-scope}, {@code idempotent}, {@code snapshots}; see
 * {@link #KEYS}. The worker sets {@code base-dir} to its configuration file's directory.
 */
public final class FunctionHandlerFactory implements HandlerFactory {
  static final ConfigKey<String> RUNTIME =
      ConfigKey.string(
          "runtime", "python3 (python3.x), nodejs (nodejsNN.x) or provided (provided.al2023)");
  static final ConfigKey<List<Object>> COMMAND =
      ConfigKey.list(
          "command",
          "instead of runtime: the command that starts one process, e.g. [node, index.mjs]");
  static final ConfigKey<Map<String, Object>> ENVIRONMENT =
      ConfigKey.map("environment", "the function's own environment variables");
  static final ConfigKey<Map<String, Object>> FILTER_CRITERIA =
      ConfigKey.map("filter-criteria", "Lambda's FilterCriteria: {Filters: [{Pattern: ...}]}");
  static final ConfigKey<String> HANDLER =
      ConfigKey.string(
          "handler", "module.function (python3) or file.export (nodejs), Lambda's _HANDLER");
  static final ConfigKey<String> CODE =
      ConfigKey.string("code", "the function's directory (LAMBDA_TASK_ROOT), relative to base-dir");
  static final ConfigKey<String> BASE_DIR =
      ConfigKey.string(
          "base-dir",
          "what a relative 'code' is relative to; the worker sets its config file's directory");
  static final ConfigKey<String> FUNCTION_NAME =
      ConfigKey.string("function-name", "AWS_LAMBDA_FUNCTION_NAME; default pipeline-handler");
  static final ConfigKey<Integer> MEMORY =
      ConfigKey.integer(
              "memory-mb",
              "AWS_LAMBDA_FUNCTION_MEMORY_SIZE (reported, not enforced)",
              LambdaLimits.MIN_MEMORY_MB,
              LambdaLimits.MAX_MEMORY_MB)
          .withDefault(128);
  static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("timeout", "an invocation running longer is killed and fails")
          .withDefault(Duration.ofSeconds(3));
  static final ConfigKey<Duration> INIT_TIMEOUT =
      ConfigKey.duration("init-timeout", "how long a new process may take to init")
          .withDefault(Duration.ofSeconds(10));
  static final ConfigKey<Integer> CONCURRENCY =
      ConfigKey.integer(
              "concurrency",
              "processes per lane runner, invoked at once on key-disjoint parts of a batch",
              1,
              64)
          .withDefault(1);
  static final ConfigKey<String> REGION =
      ConfigKey.string("region", "AWS_REGION").withDefault("us-east-1");
  static final ConfigKey<FailureScope> SCOPE =
      ConfigKey.oneOf(
              "failure-scope",
              "from-lowest (Lambda: the first failed record and all after it) or items",
              FailureScope.class)
          .withDefault(FailureScope.FROM_LOWEST);
  static final ConfigKey<Boolean> IDEMPOTENT =
      ConfigKey.bool("idempotent", "the function is idempotent on eventID").withDefault(false);
  static final ConfigKey<Boolean> REPORT_FAILURES =
      ConfigKey.bool(
              "report-batch-item-failures",
              "read batchItemFailures (Lambda's ReportBatchItemFailures)")
          .withDefault(true);
  static final ConfigKey<Duration> TUMBLING_WINDOW =
      ConfigKey.duration(
          "tumbling-window",
          "Lambda's TumblingWindowInSeconds: state passed between the invocations of a window, up to 15m");
  static final ConfigKey<Boolean> SNAPSHOTS =
      ConfigKey.bool("snapshots", "deliver snapshot (backfill) INSERTs").withDefault(false);

  /**
   * Every key this factory reads with {@link Config}; {@code command}, {@code environment} and
   * {@code filter-criteria} besides.
   */
  public static final List<ConfigKey<?>> KEYS =
      List.of(
          RUNTIME,
          HANDLER,
          CODE,
          BASE_DIR,
          FUNCTION_NAME,
          MEMORY,
          TIMEOUT,
          INIT_TIMEOUT,
          CONCURRENCY,
          REGION,
          SCOPE,
          REPORT_FAILURES,
          IDEMPOTENT,
          SNAPSHOTS,
          TUMBLING_WINDOW);

  @Override
  public String type() {
    return "function";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Map<String, Object> rest = new LinkedHashMap<>(config);
    Object rawCommand = rest.remove(COMMAND.name());
    Object rawEnvironment = rest.remove(ENVIRONMENT.name());
    Object rawFilter = rest.remove(FILTER_CRITERIA.name());
    Config c = Config.of(type(), rest, KEYS);
    Path base = Path.of(c.get(BASE_DIR).orElse("."));
    Path code = base.resolve(c.require(CODE));
    FunctionHandler.Builder b;
    if (rawCommand != null) {
      if (c.has(RUNTIME)) {
        throw new IllegalArgumentException(
            "function handler: give 'runtime' or 'command', not both");
      }
      b = FunctionHandler.builder(command(rawCommand), code);
    } else {
      String runtime =
          c.get(RUNTIME)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "function handler: key 'runtime' is required ("
                              + RUNTIME.doc()
                              + "), or 'command'"));
      FunctionRuntime r;
      try {
        r = FunctionRuntime.parse(runtime);
      } catch (IllegalArgumentException e) {
        throw c.invalid(RUNTIME, e);
      }
      b = FunctionHandler.builder(r, code).runtimeName(runtime);
    }
    set(c, HANDLER, b::handler);
    set(c, FUNCTION_NAME, b::functionName);
    set(c, MEMORY, b::memoryMb);
    set(c, TIMEOUT, b::timeout);
    set(c, INIT_TIMEOUT, b::initTimeout);
    set(c, CONCURRENCY, b::concurrency);
    set(c, REGION, b::region);
    set(c, SCOPE, b::failureScope);
    set(c, REPORT_FAILURES, b::reportBatchItemFailures);
    set(c, IDEMPOTENT, b::idempotent);
    set(c, SNAPSHOTS, b::snapshotEvents);
    set(c, TUMBLING_WINDOW, b::tumblingWindow);
    if (rawEnvironment != null) {
      if (!(rawEnvironment instanceof Map<?, ?> env)) {
        throw new IllegalArgumentException(
            "function handler: key 'environment' must be a map of names to values");
      }
      env.forEach(
          (k, v) -> {
            try {
              b.environment(String.valueOf(k), v == null ? "" : String.valueOf(v));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  "function handler: key 'environment': " + e.getMessage(), e);
            }
          });
    }
    if (rawFilter != null) {
      if (!(rawFilter instanceof Map<?, ?> criteria)) {
        throw new IllegalArgumentException(
            "function handler: key 'filter-criteria' must be {Filters: [{Pattern: ...}]}");
      }
      try {
        b.filterCriteria(FilterCriteria.fromMap(criteria));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "function handler: key 'filter-criteria': " + e.getMessage(), e);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("function handler: " + e.getMessage(), e);
    }
  }

  private static List<String> command(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw instanceof List<?> list) {
      list.forEach(v -> out.add(v == null ? "" : String.valueOf(v)));
    } else {
      throw new IllegalArgumentException(
          "function handler: key 'command' must be a list, e.g. [python3, my_runtime.py]");
    }
    if (out.isEmpty() || out.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException(
          "function handler: key 'command' must be a non-empty list of non-empty strings, was "
              + out);
    }
    return out;
  }

  /**
   * {@link #KEYS} and the keys read as they are given: {@code command}, {@code environment}, {@code
   * filter-criteria}.
   */
  @Override
  public List<ConfigKey<?>> configKeys() {
    List<ConfigKey<?>> all = new ArrayList<>(KEYS);
    all.addAll(List.of(COMMAND, ENVIRONMENT, FILTER_CRITERIA));
    return List.copyOf(all);
  }
}

package dev.tributary.worker.config.internal;

import static dev.tributary.worker.config.internal.WorkerKeys.ATTEMPTS;
import static dev.tributary.worker.config.internal.WorkerKeys.BATCH;
import static dev.tributary.worker.config.internal.WorkerKeys.BATCH_SIZE;
import static dev.tributary.worker.config.internal.WorkerKeys.BATCH_WINDOW;
import static dev.tributary.worker.config.internal.WorkerKeys.BISECT;
import static dev.tributary.worker.config.internal.WorkerKeys.DEAD_LETTER_TOPIC;
import static dev.tributary.worker.config.internal.WorkerKeys.DESCRIPTION;
import static dev.tributary.worker.config.internal.WorkerKeys.FILTERS;
import static dev.tributary.worker.config.internal.WorkerKeys.FUNCTION_NAME;
import static dev.tributary.worker.config.internal.WorkerKeys.HANDLERS;
import static dev.tributary.worker.config.internal.WorkerKeys.HANDLER_CLASS;
import static dev.tributary.worker.config.internal.WorkerKeys.HANDLER_CONFIG;
import static dev.tributary.worker.config.internal.WorkerKeys.HANDLER_TYPE;
import static dev.tributary.worker.config.internal.WorkerKeys.INITIAL_BACKOFF;
import static dev.tributary.worker.config.internal.WorkerKeys.ISOLATE;
import static dev.tributary.worker.config.internal.WorkerKeys.JITTER;
import static dev.tributary.worker.config.internal.WorkerKeys.MAX_BACKOFF;
import static dev.tributary.worker.config.internal.WorkerKeys.MAX_EVENT_AGE;
import static dev.tributary.worker.config.internal.WorkerKeys.MULTIPLIER;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_BUCKET;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_CONNECT_TIMEOUT;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_HEADERS;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_RETRY;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_S3;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_SECRET;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_TIMEOUT;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_TOPIC;
import static dev.tributary.worker.config.internal.WorkerKeys.ON_FAILURE_URL;
import static dev.tributary.worker.config.internal.WorkerKeys.PIPELINES;
import static dev.tributary.worker.config.internal.WorkerKeys.PIPELINE_NAME;
import static dev.tributary.worker.config.internal.WorkerKeys.PIPELINE_SOURCE;
import static dev.tributary.worker.config.internal.WorkerKeys.PIPELINE_SOURCES;
import static dev.tributary.worker.config.internal.WorkerKeys.PROJECT;
import static dev.tributary.worker.config.internal.WorkerKeys.RETRY;
import static dev.tributary.worker.config.internal.WorkerKeys.ROUTE;
import static dev.tributary.worker.config.internal.WorkerKeys.ROUTES;
import static dev.tributary.worker.config.internal.WorkerKeys.ROUTE_TO;
import static dev.tributary.worker.config.internal.WorkerKeys.ROUTE_WHEN;
import static dev.tributary.worker.config.internal.WorkerKeys.SNAPSHOT_EVENTS;
import static dev.tributary.worker.config.internal.WorkerKeys.STARTING_POSITION;
import static dev.tributary.worker.config.internal.WorkerKeys.STARTING_POSITION_TIMESTAMP;
import static dev.tributary.worker.config.internal.WorkerKeys.WHERE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.core.handler.Handlers;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.StartingPosition;
import dev.tributary.handlers.sink.FailureDestinations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code pipelines:} into {@link Pipeline}s with the same builder calls a Java user makes, so
 * a YAML pipeline and its Java twin describe themselves identically.
 */
public final class PipelineReader {
  private final Problems problems;
  private final Map<String, HandlerFactory> factories;
  private final boolean probeHandlers;
  private final Optional<Path> baseDir;

  /**
   * @param probeHandlers create (and close) one handler from each {@code config}, so a bad key is
   *     reported with its line; off for commands that only inspect, since some handlers hold files
   *     (the email sent-ledger) that a running worker has
   */
  public PipelineReader(Problems problems, boolean probeHandlers) {
    this(problems, probeHandlers, Optional.empty());
  }

  /**
   * @param baseDir the configuration file's directory: what a handler's relative paths ({@link
   *     HandlerFactory#pathKeys()}) are relative to; a {@code type: function} handler gets it as
   *     its {@code base-dir}, since its {@code code} directory is relative to it too
   */
  public PipelineReader(Problems problems, boolean probeHandlers, Optional<Path> baseDir) {
    this.problems = problems;
    this.factories = Handlers.factories();
    this.probeHandlers = probeHandlers;
    this.baseDir = baseDir;
  }

  public List<Pipeline> readAll(Node pipelines) {
    List<Pipeline> out = new ArrayList<>();
    if (!pipelines.present()) {
      pipelines.problem("is required: at least one pipeline");
      return out;
    }
    if (!pipelines.isList()) {
      pipelines.problem("must be a list of pipelines");
      return out;
    }
    List<String> names = new ArrayList<>();
    for (Node p : pipelines.elements()) {
      read(p)
          .ifPresent(
              pipeline -> {
                if (names.contains(pipeline.name())) {
                  p.get(PIPELINE_NAME)
                      .problem("pipeline '" + pipeline.name() + "' is defined twice");
                } else {
                  names.add(pipeline.name());
                  out.add(pipeline);
                }
              });
    }
    return out;
  }

  Optional<Pipeline> read(Node p) {
    int before = problems.count();
    p.allowOnly(PIPELINES);
    Optional<Pipeline.Builder> maybe =
        p.get(PIPELINE_NAME)
            .requiredText()
            .flatMap(name -> p.get(PIPELINE_NAME).attempt(() -> Pipeline.builder(name)));
    if (maybe.isEmpty()) {
      return Optional.empty();
    }
    Pipeline.Builder b = maybe.get();
    List<Node> sources = new ArrayList<>(p.get(PIPELINE_SOURCES).elements());
    sources.addAll(p.get(PIPELINE_SOURCE).elements());
    if (sources.isEmpty()) {
      p.problem("needs 'sources': the tables whose change topics it reads");
    }
    for (Node s : sources) {
      s.text().ifPresent(t -> s.attempt(() -> b.source(t)));
    }
    for (Node f : p.get(FILTERS).elements()) {
      PredicateReader.event(f).ifPresent(b::filter);
    }
    Node where = p.get(WHERE);
    if (where.present()) {
      PredicateReader.image(where).ifPresent(b::where);
    }
    Node project = p.get(PROJECT);
    if (project.present()) {
      List<String> attrs = new ArrayList<>();
      project.elements().forEach(a -> a.text().ifPresent(attrs::add));
      project.attempt(() -> b.project(attrs.toArray(String[]::new)));
    }
    Node handlers = p.get(HANDLERS);
    if (!handlers.present()) {
      p.problem("needs 'handlers'");
    }
    handlers.fields().forEach((name, h) -> handler(b, name, h));
    for (Node r : p.get(ROUTES).elements()) {
      r.allowOnly(ROUTES);
      Optional<EventPredicate> when =
          r.get(ROUTE_WHEN).present() ? PredicateReader.event(r.get(ROUTE_WHEN)) : Optional.empty();
      if (!r.get(ROUTE_WHEN).present()) {
        r.get(ROUTE_WHEN).problem("is required");
      }
      List<String> to = new ArrayList<>();
      r.get(ROUTE_TO).elements().forEach(t -> t.text().ifPresent(to::add));
      if (to.isEmpty()) {
        r.get(ROUTE_TO).problem("is required: the handlers the route goes to");
      }
      if (when.isPresent() && !to.isEmpty()) {
        r.attempt(
            () -> b.route(when.get(), to.get(0), to.subList(1, to.size()).toArray(String[]::new)));
      }
    }
    if (problems.count() > before) {
      return Optional.empty(); // build() would only repeat what is already reported
    }
    return p.attempt(b::build);
  }

  private void handler(Pipeline.Builder b, String name, Node h) {
    h.allowOnly(HANDLERS);
    Optional<HandlerSpec> spec = base(h);
    Node batch = h.get(BATCH).allowOnly(BATCH);
    Optional<Integer> size = batch.value(BATCH_SIZE);
    Optional<Duration> window = batch.value(BATCH_WINDOW);
    if (batch.present() && spec.isPresent()) {
      HandlerSpec unbatched = spec.get();
      spec =
          batch.attempt(
              () ->
                  unbatched.batching(
                      Batching.of(
                          size.orElse(BATCH_SIZE.defaultValue().orElseThrow()),
                          window.orElse(BATCH_WINDOW.defaultValue().orElseThrow()))));
    }
    Optional<RetryPolicy> retry = retry(h.get(RETRY));
    if (retry.isPresent() && spec.isPresent()) {
      spec = Optional.of(spec.get().retry(retry.get()));
    }
    Optional<Boolean> bisect = h.value(BISECT);
    Optional<Boolean> isolate = h.value(ISOLATE);
    Optional<Boolean> snapshots = h.value(SNAPSHOT_EVENTS);
    Optional<String> dlt = h.value(DEAD_LETTER_TOPIC);
    Optional<String> description = h.value(DESCRIPTION);
    if (spec.isEmpty()) {
      return;
    }
    HandlerSpec s = spec.get();
    s = bisect.isPresent() ? s.bisectOnFailure(bisect.get()) : s;
    s = isolate.isPresent() ? s.isolateFailingKeys(isolate.get()) : s;
    s = snapshots.isPresent() ? s.snapshotEvents(snapshots.get()) : s;
    if (dlt.isPresent()) {
      HandlerSpec t = s;
      s = h.get(DEAD_LETTER_TOPIC).attempt(() -> t.deadLetterTopic(dlt.get())).orElse(s);
    }
    Optional<StartingPosition> start = startingPosition(h);
    if (start.isPresent()) {
      s = s.startingPosition(start.get());
    }
    Node onFailure = h.get(ON_FAILURE).allowOnly(ON_FAILURE);
    if (onFailure.present()) {
      Optional<String> fn = onFailure.value(FUNCTION_NAME);
      Optional<OnFailure> destination = onFailure(onFailure);
      if (destination.isPresent()) {
        HandlerSpec t = s;
        s =
            onFailure
                .attempt(
                    () ->
                        t.onFailure(
                            fn.isPresent()
                                ? destination.get().functionName(fn.get())
                                : destination.get()))
                .orElse(s);
      }
    }
    if (description.isPresent()) {
      HandlerSpec t = s;
      s = h.get(DESCRIPTION).attempt(() -> t.describedAs(description.get())).orElse(s);
    }
    HandlerSpec done = s;
    Node route = h.get(ROUTE);
    if (route.present()) {
      PredicateReader.event(route).ifPresent(when -> h.attempt(() -> b.route(name, when, done)));
    } else {
      h.attempt(() -> b.handler(name, done));
    }
  }

  /**
   * Lambda's DestinationConfig.OnFailure: {@code topic} (Kafka), {@code bucket} (S3, with the
   * archive handler's {@code s3} keys) or {@code url} (a webhook, with the webhook sink's keys).
   */
  private static Optional<OnFailure> onFailure(Node f) {
    boolean topic = f.get(ON_FAILURE_TOPIC).present();
    int kinds =
        (topic ? 1 : 0)
            + (f.get(ON_FAILURE_BUCKET).present() ? 1 : 0)
            + (f.get(ON_FAILURE_URL).present() ? 1 : 0);
    if (kinds != 1) {
      f.problem(
          "needs exactly one of 'topic' (a Kafka topic), 'bucket' (an S3 bucket) or 'url' (a webhook)");
      return Optional.empty();
    }
    if (topic) {
      for (ConfigKey<?> other :
          List.of(
              ON_FAILURE_S3,
              ON_FAILURE_SECRET,
              ON_FAILURE_HEADERS,
              ON_FAILURE_TIMEOUT,
              ON_FAILURE_CONNECT_TIMEOUT,
              ON_FAILURE_RETRY)) {
        if (f.get(other).present()) {
          f.get(other).problem("does not apply to an on-failure topic");
          return Optional.empty();
        }
      }
      Optional<String> name = f.get(ON_FAILURE_TOPIC).requiredText();
      return name.isEmpty() ? Optional.empty() : f.attempt(() -> OnFailure.topic(name.get()));
    }
    Map<String, Object> config = new LinkedHashMap<>(f.asMap());
    config.remove(FUNCTION_NAME.name());
    return f.attempt(() -> FailureDestinations.fromConfig(config));
  }

  /**
   * Lambda's StartingPosition: {@code starting-position: trim-horizon | latest | at-timestamp} (or
   * AWS's names), {@code starting-position-timestamp} an ISO-8601 instant or Unix seconds.
   */
  private static Optional<StartingPosition> startingPosition(Node h) {
    Node pos = h.get(STARTING_POSITION);
    Node ts = h.get(STARTING_POSITION_TIMESTAMP);
    Optional<String> kind =
        h.value(STARTING_POSITION).map(k -> k.toUpperCase(Locale.ROOT).replace('-', '_'));
    Optional<Instant> at = Optional.empty();
    if (ts.present()) {
      JsonNodeInstant parsed = JsonNodeInstant.of(ts.json());
      if (parsed.instant() == null) {
        ts.problem(
            "must be an ISO-8601 instant (2026-03-01T10:00:00Z) or Unix seconds, was '"
                + ts.json().asText()
                + "'");
        return Optional.empty();
      }
      at = Optional.of(parsed.instant());
      if (!kind.orElse("").equals("AT_TIMESTAMP")) {
        ts.problem("is only for starting-position: at-timestamp");
        return Optional.empty();
      }
    }
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> when = at;
    return pos.attempt(() -> StartingPosition.of(kind.get(), when));
  }

  /**
   * An instant written as ISO-8601 text or Unix seconds (AWS's StartingPositionTimestamp); null if
   * neither.
   */
  private record JsonNodeInstant(Instant instant) {
    static JsonNodeInstant of(JsonNode n) {
      try {
        if (n.isNumber()) {
          return new JsonNodeInstant(Instant.ofEpochMilli(Math.round(n.asDouble() * 1000)));
        }
        return new JsonNodeInstant(Instant.parse(n.asText()));
      } catch (DateTimeParseException e) {
        return new JsonNodeInstant(null);
      }
    }
  }

  /**
   * The handler itself: a {@code type} from the class path with its {@code config}, or a {@code
   * class}.
   */
  private Optional<HandlerSpec> base(Node h) {
    Node type = h.get(HANDLER_TYPE);
    Node cls = h.get(HANDLER_CLASS);
    Node config = h.get(HANDLER_CONFIG);
    if (type.present() == cls.present()) {
      h.problem("needs exactly one of 'type' (one of " + factories.keySet() + ") or 'class'");
      return Optional.empty();
    }
    if (cls.present()) {
      if (config.present()) {
        config.problem("is for 'type' handlers; a 'class' handler configures itself");
      }
      return cls.text().flatMap(name -> cls.attempt(() -> HandlerSpec.of(handlerClass(name))));
    }
    Optional<String> t = type.text();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    HandlerFactory f = factories.get(t.get());
    if (f == null) {
      type.problem(
          "no HandlerFactory on the class path provides type '"
              + t.get()
              + "'; known types: "
              + factories.keySet());
      return Optional.empty();
    }
    Map<String, Object> values =
        withBaseDir(
            t.get(),
            baseDir
                .map(d -> HandlerConfigs.resolvePaths(config.asMap(), f.pathKeys(), d))
                .orElseGet(config::asMap));
    if (!probeHandlers) {
      return Optional.of(HandlerSpec.ofType(t.get(), values));
    }
    // Make one handler now, so a bad key is reported with its line instead of when the lane starts;
    // without its files (a ledger), so that reading a configuration creates none.
    Optional<ChangeHandler> probe;
    try {
      probe = Optional.of(f.create(HandlerConfigs.without(values, f.pathKeys())));
    } catch (IllegalArgumentException | IllegalStateException e) {
      (config.present() ? HandlerConfigs.keyNamedIn(e.getMessage(), config) : h)
          .problem(e.getMessage());
      return Optional.empty();
    }
    try {
      probe.get().close();
    } catch (Exception e) {
      // a handler that was never opened has nothing to release; its close says nothing here
    }
    return Optional.of(HandlerSpec.ofType(t.get(), values));
  }

  /** A function's code directory is relative to the configuration file, as SAM's CodeUri is. */
  private Map<String, Object> withBaseDir(String type, Map<String, Object> values) {
    if (!type.equals("function") || baseDir.isEmpty() || values.containsKey("base-dir")) {
      return values;
    }
    Map<String, Object> out = new LinkedHashMap<>(values);
    out.put("base-dir", baseDir.get().toString());
    return out;
  }

  private static Class<? extends ChangeHandler> handlerClass(String name) {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context == null ? PipelineReader.class.getClassLoader() : context;
    Class<?> c;
    try {
      c = Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "class '"
              + name
              + "' is not on the class path (searched "
              + HandlerClassPath.describe(loader)
              + ")");
    } catch (LinkageError e) {
      throw new IllegalArgumentException(
          "class '"
              + name
              + "' cannot be loaded: "
              + e
              + " (searched "
              + HandlerClassPath.describe(loader)
              + ")");
    }
    if (!ChangeHandler.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(
          "class '" + name + "' does not implement " + ChangeHandler.class.getName());
    }
    return c.asSubclass(ChangeHandler.class);
  }

  private static Optional<RetryPolicy> retry(Node r) {
    if (!r.present()) {
      return Optional.empty();
    }
    r.allowOnly(RETRY);
    Optional<Integer> attempts = r.value(ATTEMPTS);
    Optional<Duration> initial = r.value(INITIAL_BACKOFF);
    Optional<Duration> max = r.value(MAX_BACKOFF);
    Optional<Double> multiplier = r.value(MULTIPLIER);
    Optional<Double> jitter = r.value(JITTER);
    Optional<Duration> age = r.value(MAX_EVENT_AGE);
    return r.attempt(
        () ->
            new RetryPolicy(
                attempts.orElseGet(() -> ATTEMPTS.defaultValue().orElseThrow()),
                initial.orElseGet(() -> INITIAL_BACKOFF.defaultValue().orElseThrow()),
                max.orElseGet(() -> MAX_BACKOFF.defaultValue().orElseThrow()),
                multiplier.orElseGet(() -> MULTIPLIER.defaultValue().orElseThrow()),
                jitter.orElseGet(() -> JITTER.defaultValue().orElseThrow()),
                age.isPresent() ? age : RetryPolicy.DEFAULT.maxEventAge()));
  }
}

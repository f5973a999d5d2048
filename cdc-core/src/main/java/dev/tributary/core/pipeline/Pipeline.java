package dev.tributary.core.pipeline;

import dev.tributary.core.AttributePath;
import dev.tributary.core.handler.Handlers;
import dev.tributary.core.pipeline.internal.EventPredicates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline definition: which change topics it reads, which events it keeps, how it scopes and
 * projects them, and which handler lanes they are routed to. It only records; {@link
 * PipelineTopology#build} turns it into a Kafka Streams topology and {@link #lanes()} tells the
 * runners what to run.
 *
 * <pre>{@code
 * Pipeline orders = Pipeline.builder("orders")
 *     .source("Orders")
 *     .filter(Events.sortKeyBeginsWith("SK", "ORDER#"))
 *     .where(Images.attr("status").ne(s("CANCELLED")))
 *     .project("orderId", "status", "total")
 *     .route("email", Routes.onInsert(), HandlerSpec.of(() -> EmailHandler.builder()
 *         .host("localhost").port(25).from("orders@shop.example").toAttribute("email")
 *         .subject("Order {{newImage.orderId}} received").body("Thank you.").build()))
 *     .route("index", Routes.always(), HandlerSpec.ofType("search",
 *         Map.of("url", "http://localhost:9200", "index", Map.of("name", "orders"))))
 *     .build();
 * }</pre>
 *
 * <p>Order of evaluation, whatever the order of the builder calls: filters see the event as the
 * source wrote it; the view ({@code where}) then turns it into the view's event; routes see that
 * event; handlers receive it projected.
 */
public final class Pipeline {
  private final String name;
  private final List<String> sources;
  private final List<EventPredicate> filters;
  private final Optional<ImagePredicate> view;
  private final Optional<List<String>> projection;
  private final Map<String, HandlerSpec> handlers;
  private final List<Route> routes;

  private Pipeline(Builder b) {
    this.name = b.name;
    this.sources = List.copyOf(b.sources);
    this.filters = List.copyOf(b.filters);
    this.view = Optional.ofNullable(b.view);
    this.projection = Optional.ofNullable(b.projection).map(List::copyOf);
    this.handlers = Collections.unmodifiableMap(new LinkedHashMap<>(b.handlers));
    this.routes = List.copyOf(b.routes);
  }

  public static Builder builder(String name) {
    return new Builder(Topics.legal(name, "pipeline"));
  }

  public String name() {
    return name;
  }

  /** The source tables, in the order added. */
  public List<String> sources() {
    return sources;
  }

  /** The change topics the topology reads, one per source table. */
  public List<String> sourceTopics() {
    return sources.stream().map(Topics::changeTopic).toList();
  }

  public List<EventPredicate> filters() {
    return filters;
  }

  /** All filters together (an event must pass every one). */
  public EventPredicate filter() {
    return filters.stream().reduce(EventPredicate::and).orElseGet(EventPredicates.Always::new);
  }

  public Optional<ImagePredicate> view() {
    return view;
  }

  /** The attributes images keep (keys are always kept), if the pipeline projects. */
  public Optional<List<String>> projection() {
    return projection;
  }

  /** The handlers by name, in definition order. */
  public Map<String, HandlerSpec> handlers() {
    return handlers;
  }

  public List<Route> routes() {
    return routes;
  }

  /** What reaches {@code handler}: the union of its routes. */
  public EventPredicate routeFor(String handler) {
    requireHandler(handler);
    return routes.stream()
        .filter(r -> r.handler().equals(handler))
        .map(Route::when)
        .reduce(EventPredicate::or)
        .orElseThrow(); // build() guarantees every handler has a route
  }

  public String laneTopic(String handler) {
    requireHandler(handler);
    return Topics.laneTopic(name, handler);
  }

  public String deadLetterTopic(String handler) {
    return requireHandler(handler).deadLetterTopic().orElse(Topics.deadLetterTopic(name, handler));
  }

  /** Where the topology puts records that are not change events. */
  public String topologyDeadLetterTopic() {
    return Topics.deadLetterTopic(name, "_topology");
  }

  /**
   * Every topic the pipeline reads or writes, for whoever creates them: change topics, lane topics,
   * the handlers' dead-letter topics and the topology's.
   */
  public Set<String> topics() {
    Set<String> out = new LinkedHashSet<>(sourceTopics());
    handlers.keySet().forEach(h -> out.add(laneTopic(h)));
    handlers.keySet().forEach(h -> out.add(deadLetterTopic(h)));
    out.add(topologyDeadLetterTopic());
    return Collections.unmodifiableSet(out);
  }

  /** One lane per handler, in definition order: what the runners run. */
  public List<LaneSpec> lanes() {
    List<LaneSpec> out = new ArrayList<>(handlers.size());
    handlers.forEach(
        (handler, spec) ->
            out.add(
                new LaneSpec(
                    name,
                    handler,
                    spec.factory(),
                    spec.batching(),
                    spec.retry(),
                    spec.bisectOnFailure(),
                    deadLetterTopic(handler),
                    spec.isolateFailingKeys(),
                    spec.startingPosition(),
                    spec.onFailure())));
    return List.copyOf(out);
  }

  /** The definition, readably: sources, filters, view, projection, routes, handlers, options. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append("Pipeline ").append(name).append('\n');
    s.append("  sources: ");
    for (int i = 0; i < sources.size(); i++) {
      s.append(i == 0 ? "" : ", ")
          .append(sources.get(i))
          .append(" (")
          .append(sourceTopics().get(i))
          .append(')');
    }
    s.append('\n');
    s.append("  filters:").append(filters.isEmpty() ? " none" : " (all must pass)").append('\n');
    filters.forEach(f -> s.append("    - ").append(f).append('\n'));
    s.append("  view: ").append(view.map(String::valueOf).orElse("none (every item)")).append('\n');
    s.append("  projection: ")
        .append(
            projection.map(p -> String.join(", ", p) + " (+ keys)").orElse("none (whole images)"))
        .append('\n');
    s.append("  handlers:\n");
    handlers.forEach(
        (handler, spec) -> {
          s.append("    ").append(handler).append(": ").append(spec.description()).append('\n');
          s.append("      route: ").append(routeFor(handler)).append('\n');
          s.append("      lane topic: ").append(laneTopic(handler)).append('\n');
          s.append("      batching: ")
              .append(spec.batching().maxRecords())
              .append(" events / ")
              .append(spec.batching().maxWindow().toMillis())
              .append(" ms\n");
          RetryPolicy r = spec.retry();
          s.append("      retry: ")
              .append(r.maxAttempts())
              .append(" attempts, backoff ")
              .append(r.initialBackoff().toMillis())
              .append("-")
              .append(r.maxBackoff().toMillis())
              .append(" ms x")
              .append(r.multiplier())
              .append(", jitter ")
              .append(r.jitter())
              .append(r.maxEventAge().map(a -> ", max event age " + a).orElse(""))
              .append('\n');
          s.append("      bisect on failure: ")
              .append(spec.bisectOnFailure())
              .append(", isolate failing keys: ")
              .append(spec.isolateFailingKeys())
              .append('\n');
          s.append("      dead-letter topic: ").append(deadLetterTopic(handler)).append('\n');
          if (!spec.startingPosition().equals(StartingPosition.TRIM_HORIZON)) {
            s.append("      starting position: ").append(spec.startingPosition()).append('\n');
          }
          spec.onFailure()
              .ifPresent(
                  f ->
                      s.append("      on-failure: ")
                          .append(f.target())
                          .append(f.functionName().map(n -> " (function " + n + ")").orElse(""))
                          .append('\n'));
          s.append("      snapshot events: ")
              .append(spec.snapshotEvents().map(String::valueOf).orElse("as the handler wants"))
              .append('\n');
        });
    s.append("  topology dead-letter topic: ").append(topologyDeadLetterTopic()).append('\n');
    return s.toString();
  }

  @Override
  public String toString() {
    return "Pipeline[" + name + "]";
  }

  private HandlerSpec requireHandler(String handler) {
    Objects.requireNonNull(handler, "handler");
    HandlerSpec spec = handlers.get(handler);
    if (spec == null) {
      throw new IllegalArgumentException(
          "pipeline '"
              + name
              + "' has no handler '"
              + handler
              + "'; handlers: "
              + handlers.keySet());
    }
    return spec;
  }

  /**
   * Records a pipeline definition. Setters reject a bad or conflicting value at once; {@link
   * #build()} checks the whole and names everything that is wrong.
   */
  public static final class Builder {
    private final String name;
    private final Set<String> sources = new LinkedHashSet<>();
    private final List<EventPredicate> filters = new ArrayList<>();
    private ImagePredicate view;
    private List<String> projection;
    private final Map<String, HandlerSpec> handlers = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Reads the change topics of these tables. */
    public Builder source(String table, String... more) {
      Objects.requireNonNull(more, "tables");
      addSource(table);
      for (String t : more) {
        addSource(t);
      }
      return this;
    }

    private void addSource(String table) {
      Topics.legal(table, "table");
      if (!sources.add(table)) {
        throw problem("source '" + table + "' is already added");
      }
    }

    /** Keeps only events that pass {@code filter} (several filters must all pass). */
    public Builder filter(EventPredicate filter) {
      filters.add(Objects.requireNonNull(filter, "filter"));
      return this;
    }

    /**
     * Scopes the pipeline to a view, as a Firestore query listener sees it: an item entering the
     * view arrives as INSERT (old image dropped), leaving it (or deleted inside it) as REMOVE (new
     * image dropped), changing inside it as MODIFY; changes outside it are dropped. A second call
     * narrows the view (AND). Needs events with both images (NEW_AND_OLD_IMAGES).
     */
    public Builder where(ImagePredicate view) {
      Objects.requireNonNull(view, "view");
      this.view = this.view == null ? view : this.view.and(view);
      return this;
    }

    /** Handlers receive images with only these top-level attributes, plus the keys. */
    public Builder project(String... attributes) {
      Objects.requireNonNull(attributes, "attributes");
      if (projection != null) {
        throw problem("projection is already set to " + projection);
      }
      if (attributes.length == 0) {
        throw problem("project needs at least one attribute");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String a : attributes) {
        Objects.requireNonNull(a, "attribute");
        if (AttributePath.parse(a).segments().size() != 1) {
          throw problem("projection attribute '" + a + "' must be a top-level name");
        }
        if (!seen.add(a)) {
          throw problem("projection names '" + a + "' twice");
        }
      }
      projection = List.copyOf(seen);
      return this;
    }

    /** Defines a handler; give it routes with {@link #route(EventPredicate, String, String...)}. */
    public Builder handler(String handler, HandlerSpec spec) {
      Topics.legal(handler, "handler");
      Objects.requireNonNull(spec, "spec");
      if (handlers.containsKey(handler)) {
        throw problem("handler '" + handler + "' is already defined");
      }
      handlers.put(handler, spec);
      return this;
    }

    /** Defines a handler and routes the events matching {@code when} to it. */
    public Builder route(String handler, EventPredicate when, HandlerSpec spec) {
      Objects.requireNonNull(when, "when");
      handler(handler, spec);
      routes.add(new Route(handler, when));
      return this;
    }

    /**
     * Routes the events matching {@code when} to one or more handlers (defined before or after).
     */
    public Builder route(EventPredicate when, String handler, String... more) {
      Objects.requireNonNull(when, "when");
      Objects.requireNonNull(more, "handlers");
      routes.add(new Route(handler, when));
      for (String h : more) {
        routes.add(new Route(h, when));
      }
      return this;
    }

    /** Checks the definition as a whole; the message names every problem found. */
    public Pipeline build() {
      List<String> problems = new ArrayList<>();
      if (sources.isEmpty()) {
        problems.add("no source");
      }
      if (handlers.isEmpty()) {
        problems.add("no handler");
      }
      Set<String> routed = new LinkedHashSet<>();
      for (Route r : routes) {
        if (!handlers.containsKey(r.handler())) {
          problems.add(
              "a route ("
                  + r.when()
                  + ") names handler '"
                  + r.handler()
                  + "', which is not defined; handlers: "
                  + handlers.keySet());
        }
        routed.add(r.handler());
      }
      Map<String, ?> knownTypes = null;
      Set<String> topics = new LinkedHashSet<>();
      sources.forEach(t -> topics.add(Topics.changeTopic(t)));
      for (Map.Entry<String, HandlerSpec> h : handlers.entrySet()) {
        String handler = h.getKey();
        HandlerSpec spec = h.getValue();
        topics.add(Topics.laneTopic(name, handler));
        if (!routed.contains(handler)) {
          problems.add("handler '" + handler + "' has no route");
        }
        if (spec.type().isPresent()) {
          knownTypes = knownTypes == null ? Handlers.factories() : knownTypes;
          if (!knownTypes.containsKey(spec.type().get())) {
            problems.add(
                "handler '"
                    + handler
                    + "' has type '"
                    + spec.type().get()
                    + "', which no HandlerFactory on the class path provides; known types: "
                    + knownTypes.keySet());
          }
        }
      }
      for (Map.Entry<String, HandlerSpec> h : handlers.entrySet()) {
        h.getValue()
            .deadLetterTopic()
            .filter(topics::contains)
            .ifPresent(
                t ->
                    problems.add(
                        "handler '"
                            + h.getKey()
                            + "' has dead-letter topic '"
                            + t
                            + "', which is a change or lane topic of this pipeline"));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "pipeline '" + name + "': " + String.join("; ", problems));
      }
      return new Pipeline(this);
    }

    private IllegalArgumentException problem(String what) {
      return new IllegalArgumentException("pipeline '" + name + "': " + what);
    }
  }
}

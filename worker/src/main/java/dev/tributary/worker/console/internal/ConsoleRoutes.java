package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.worker.console.ConsoleBackend;
import dev.tributary.worker.internal.DeadLetters;
import dev.tributary.worker.internal.EventFilter;
import dev.tributary.worker.internal.HttpEndpoints;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console under {@code /console} of the worker's HTTP server: pages, their script and
 * style, JSON reads, Server-Sent Events (lanes, tail, job progress) and the guarded actions
 * (redrive, replay). Blocking work (Kafka, the engine) runs off the event loop.
 */
public final class ConsoleRoutes implements HttpEndpoints.Extension, AutoCloseable {
  public static final String PREFIX = "/console";
  private static final Logger log = LoggerFactory.getLogger("dev.tributary.worker.console");

  private final ConsoleBackend backend;
  private final Guard guard;
  private final LaneHistory history;
  private final Jobs jobs = new Jobs();
  private final Actions actions;
  private final List<EventStream> laneStreams = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService sampler;
  private final ExecutorService work;

  /**
   * {@code token}: what actions require (none: the console only shows); {@code hosts}: the {@code
   * Host} names it answers to; {@code tokenForReads}: reads need the token too; {@code
   * sampleEvery}: how often lanes are sampled (milliseconds), {@code keep} samples kept.
   */
  public ConsoleRoutes(
      ConsoleBackend backend,
      Optional<String> token,
      HostCheck hosts,
      boolean tokenForReads,
      long sampleEveryMs,
      int keep) {
    this.backend = backend;
    this.guard = new Guard(token, hosts, tokenForReads);
    if (hosts.off()) {
      log.warn(
          "worker.console.allowed-hosts is '*': the console answers requests naming any host, so a web page"
              + " whose domain is made to resolve to this machine (DNS rebinding) can read it in a browser that reaches"
              + " it; list the names a proxy uses instead");
    }
    this.history = new LaneHistory(backend, keep, System::currentTimeMillis);
    this.actions = new Actions(backend, jobs);
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tributary-console-lanes"));
    this.work = Executors.newCachedThreadPool(r -> daemon(r, "tributary-console"));
    sampler.scheduleWithFixedDelay(
        this::sample, sampleEveryMs, sampleEveryMs, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Whether redrive and replay are on (a token is configured). */
  public boolean actionsEnabled() {
    return guard.actionsEnabled();
  }

  @Override
  public String prefix() {
    return PREFIX;
  }

  @Override
  public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    Web.Request req = Web.Request.of(ctx, request);
    Optional<String> badHost = guard.refuseHost(req);
    if (badHost.isPresent()) {
      if (guard.firstRefusal(req)) {
        log.warn(
            "Console refused {} {} from {}: {}; allowed: {} (further requests naming this host are refused"
                + " without a log line)",
            req.method(),
            req.path(),
            req.remote(),
            badHost.get(),
            guard.hosts().describe());
      }
      Web.text(ctx, req, 403, "text/plain; charset=utf-8", badHost.get() + "\n");
      return;
    }
    String path = req.path().substring(PREFIX.length());
    if (path.isEmpty()) {
      Web.redirect(ctx, req, PREFIX + "/");
      return;
    }
    if (path.startsWith("/static/")) {
      asset(ctx, req, path.substring("/static/".length()));
      return;
    }
    Optional<String> page = Pages.page(path);
    if (page.isPresent()) {
      if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
        Web.error(ctx, req, 405, "GET only");
        return;
      }
      if (guard.refuseRead(req).isPresent()) {
        // A browser's navigation carries no header: a page without data asks for the token, and its
        // script fetches this page again with it.
        Web.text(ctx, req, 403, "text/html; charset=utf-8", Pages.locked(page.get()));
        return;
      }
      work.execute(
          () ->
              respond(
                  ctx,
                  req,
                  () ->
                      Web.text(
                          ctx,
                          req,
                          200,
                          "text/html; charset=utf-8",
                          Pages.render(
                              page.get(),
                              backend,
                              guard.actionsEnabled(),
                              guard.tokenForReads()))));
      return;
    }
    if (!path.startsWith("/api/actions/")) {
      Optional<String> refused = guard.refuseRead(req);
      if (refused.isPresent()) {
        if (refused.get().startsWith("wrong")) {
          log.warn(
              "Console refused {} {} from {}: {}",
              req.method(),
              req.path(),
              req.remote(),
              refused.get());
        }
        Web.error(ctx, req, 403, refused.get());
        return;
      }
    }
    if (path.startsWith("/api/actions/")) {
      Optional<String> refused = guard.refuse(req);
      if (refused.isPresent()) {
        log.warn(
            "Console refused {} {} from {}: {}",
            req.method(),
            req.path(),
            req.remote(),
            refused.get());
        Web.error(ctx, req, 403, refused.get());
        return;
      }
      work.execute(
          () ->
              respond(ctx, req, () -> action(ctx, req, path.substring("/api/actions/".length()))));
      return;
    }
    if (!req.method().equals("GET")) {
      Web.error(ctx, req, 405, "GET only");
      return;
    }
    switch (path) {
      case "/events/lanes" -> lanesStream(ctx);
      case "/events/tail" -> tail(ctx, req);
      case "/events/job" -> jobStream(ctx, req);
      default -> work.execute(() -> respond(ctx, req, () -> read(ctx, req, path)));
    }
  }

  /** Runs {@code r}; a failure becomes a JSON error (400 for bad input, 500 otherwise). */
  private static void respond(ChannelHandlerContext ctx, Web.Request req, Runnable r) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      Web.error(ctx, req, 400, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      log.warn("Console {} failed: {}", req.path(), e.toString());
      Web.error(ctx, req, 500, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private void read(ChannelHandlerContext ctx, Web.Request req, String path) {
    switch (path) {
      case "/api/overview" -> Web.json(ctx, req, 200, overview());
      case "/api/lanes" -> {
        ObjectNode o = Web.JSON.createObjectNode();
        o.putArray("samples").addAll(history.all());
        Web.json(ctx, req, 200, o);
      }
      case "/api/dead-letters" -> Web.json(ctx, req, 200, deadLetterCounts());
      case "/api/dead-letters/events" -> Web.json(ctx, req, 200, deadLetters(req));
      case "/api/jobs" -> {
        ArrayNode a = Web.JSON.createArrayNode();
        jobs.all().forEach(j -> a.add(j.toJson()));
        Web.json(ctx, req, 200, a);
      }
      case "/api/tables" -> Web.json(ctx, req, 200, tables().list());
      case "/api/table" -> Web.json(ctx, req, 200, tables().describe(required(req, "name")));
      case "/api/table/items" ->
          Web.json(
              ctx,
              req,
              200,
              tables()
                  .page(
                      required(req, "name"),
                      req.param("index"),
                      req.param("pk"),
                      intParam(req, "limit", 25, 1, 1000),
                      req.param("start")));
      case "/api/table/history" ->
          Web.json(ctx, req, 200, tables().history(required(req, "name"), required(req, "key")));
      default -> Web.error(ctx, req, 404, "no console route " + req.path());
    }
  }

  private TablesView tables() {
    return new TablesView(
        backend
            .engine()
            .orElseThrow(
                () -> new IllegalArgumentException("this worker has no embedded table engine")));
  }

  private ObjectNode overview() {
    ObjectNode o = Web.JSON.createObjectNode();
    o.put("state", backend.state());
    o.put("actions", guard.actionsEnabled());
    o.put("tokenForReads", guard.tokenForReads());
    ArrayNode sources = o.putArray("sources");
    backend
        .sources()
        .forEach(s -> sources.addObject().put("name", s.name()).put("state", s.state()));
    ArrayNode pipelines = o.putArray("pipelines");
    for (Pipeline p : backend.pipelines()) {
      ObjectNode po = pipelines.addObject();
      po.put("name", p.name());
      po.put("describe", p.describe());
      ArrayNode lanes = po.putArray("lanes");
      p.lanes()
          .forEach(
              l ->
                  lanes
                      .addObject()
                      .put("handler", l.handler())
                      .put("lane", l.laneTopic())
                      .put("deadLetterTopic", l.deadLetterTopic()));
    }
    history.latest().ifPresent(s -> o.set("lanes", s.get("lanes")));
    return o;
  }

  private ArrayNode deadLetterCounts() {
    DeadLetters dlq = new DeadLetters(backend.kafkaClientConfig());
    ArrayNode out = Web.JSON.createArrayNode();
    for (LaneSpec l : lanes()) {
      DeadLetters.Counts c;
      try {
        c = dlq.counts(l);
      } catch (Exception e) {
        throw new IllegalStateException(
            "cannot count " + l.deadLetterTopic() + ": " + e.getMessage(), e);
      }
      out.addObject()
          .put("pipeline", l.pipeline())
          .put("handler", l.handler())
          .put("lane", l.laneTopic())
          .put("topic", l.deadLetterTopic())
          .put("total", c.total())
          .put("pending", c.pending());
    }
    return out;
  }

  private ObjectNode deadLetters(Web.Request req) {
    LaneSpec lane = lane(required(req, "lane"));
    int max = intParam(req, "max", 200, 1, 5000);
    Optional<String> filter = req.param("filter").map(f -> f.toLowerCase(Locale.ROOT));
    DeadLetters dlq = new DeadLetters(backend.kafkaClientConfig());
    Map<TopicPartition, OffsetAndMetadata> redriven;
    try {
      redriven = dlq.redriven(lane);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the redrive position: " + e.getMessage(), e);
    }
    ObjectNode o = Web.JSON.createObjectNode();
    o.put("lane", lane.laneTopic()).put("topic", lane.deadLetterTopic());
    ArrayNode items = o.putArray("items");
    for (ObjectNode d :
        dlq.read(
            lane, max, x -> filter.isEmpty() || DeadLetters.searchable(x).contains(filter.get()))) {
      OffsetAndMetadata pos =
          redriven.get(new TopicPartition(lane.deadLetterTopic(), d.get("partition").asInt()));
      d.put("redriven", pos != null && d.get("offset").asLong() < pos.offset());
      items.add(d);
    }
    return o;
  }

  private void action(ChannelHandlerContext ctx, Web.Request req, String name) {
    JsonNode body;
    try {
      body = Web.JSON.readTree(req.body().isEmpty() ? "{}" : req.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
    }
    Jobs.Job job =
        switch (name) {
          case "redrive" -> actions.redrive(lane(text(body, "lane")), body, req.remote());
          case "replay" -> actions.replay(body, req.remote());
          default ->
              throw new IllegalArgumentException(
                  "no action " + name + "; actions: redrive, replay");
        };
    log.info("Console action {} {} started by {} (job {})", name, job.what, req.remote(), job.id);
    Web.json(ctx, req, 202, job.toJson());
  }

  /**
   * While no lanes page watches, a sample every {@value #IDLE_SAMPLES} ticks is enough for the
   * history.
   */
  private static final int IDLE_SAMPLES = 5;

  private int idleTicks;

  private void sample() {
    try {
      if (laneStreams.isEmpty() && ++idleTicks % IDLE_SAMPLES != 1) {
        return; // measuring lag reads Kafka: less often when nobody looks
      }
      Optional<ObjectNode> s = history.sample();
      if (s.isPresent()) {
        String data = s.get().toString();
        laneStreams.removeIf(st -> !st.send("sample", data));
      } else {
        laneStreams.removeIf(st -> !st.comment("waiting"));
      }
    } catch (RuntimeException e) {
      log.debug("Console lane sample failed: {}", e.toString());
    }
  }

  private void lanesStream(ChannelHandlerContext ctx) {
    EventStream s = EventStream.open(ctx);
    ObjectNode h = Web.JSON.createObjectNode();
    h.putArray("samples").addAll(history.all());
    s.send("history", h.toString());
    laneStreams.add(s);
    s.onClose(() -> laneStreams.remove(s));
  }

  private void tail(ChannelHandlerContext ctx, Web.Request req) {
    String topic;
    try {
      topic = tailTopic(req);
    } catch (IllegalArgumentException e) {
      Web.error(ctx, req, 400, e.getMessage());
      return;
    }
    Set<EventName> names = EnumSet.noneOf(EventName.class);
    for (String n : req.param("eventName").map(v -> v.split(",")).orElse(new String[0])) {
      try {
        names.add(EventName.valueOf(n.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        Web.error(ctx, req, 400, "eventName must be INSERT, MODIFY or REMOVE, was '" + n + "'");
        return;
      }
    }
    EventFilter filter =
        new EventFilter(names, List.of(), req.param("keyPrefix"), req.param("text"));
    EventStream s = EventStream.open(ctx);
    boolean beginning = req.param("from").filter("beginning"::equals).isPresent();
    work.execute(new TailStream(backend.kafkaClientConfig(), topic, beginning, filter, s));
  }

  private String tailTopic(Web.Request req) {
    Optional<String> lane = req.param("lane");
    if (lane.isPresent()) {
      return lane(lane.get()).laneTopic();
    }
    Optional<String> dlq = req.param("dlq");
    if (dlq.isPresent()) {
      return lane(dlq.get()).deadLetterTopic();
    }
    Optional<String> table = req.param("table");
    if (table.isPresent()) {
      return Topics.changeTopic(table.get());
    }
    throw new IllegalArgumentException("say what to tail: lane, dlq or table");
  }

  private void jobStream(ChannelHandlerContext ctx, Web.Request req) {
    Optional<Jobs.Job> job = req.param("id").flatMap(jobs::get);
    if (job.isEmpty()) {
      Web.error(ctx, req, 404, "no such job");
      return;
    }
    EventStream s = EventStream.open(ctx);
    work.execute(
        () -> {
          Jobs.Job j = job.get();
          while (s.open()) {
            boolean finished = j.state != Jobs.State.RUNNING;
            s.send(finished ? "finished" : "progress", j.toJson().toString());
            if (finished) {
              break;
            }
            try {
              Thread.sleep(250);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
          s.close();
        });
  }

  private void asset(ChannelHandlerContext ctx, Web.Request req, String name) {
    String type =
        name.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : name.endsWith(".css") ? "text/css; charset=utf-8" : null;
    if (type == null || !name.matches("[a-z-]+\\.(js|css)")) {
      Web.error(ctx, req, 404, "no asset " + name);
      return;
    }
    try (InputStream in =
        ConsoleRoutes.class.getResourceAsStream("/dev/tributary/worker/console/" + name)) {
      if (in == null) {
        Web.error(ctx, req, 404, "no asset " + name);
        return;
      }
      Web.send(ctx, req, 200, type, in.readAllBytes());
    } catch (IOException e) {
      Web.error(ctx, req, 500, e.toString());
    }
  }

  private List<LaneSpec> lanes() {
    List<LaneSpec> out = new ArrayList<>();
    backend.pipelines().forEach(p -> out.addAll(p.lanes()));
    return out;
  }

  /** The lane with topic {@code ref}, or {@code PIPELINE/HANDLER}. */
  LaneSpec lane(String ref) {
    for (LaneSpec l : lanes()) {
      if (l.laneTopic().equals(ref) || (l.pipeline() + "/" + l.handler()).equals(ref)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no lane '" + ref + "'");
  }

  private static String required(Web.Request req, String name) {
    return req.param(name)
        .orElseThrow(() -> new IllegalArgumentException("parameter '" + name + "' is required"));
  }

  static String text(JsonNode body, String field) {
    JsonNode n = body.path(field);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required");
    }
    return n.asText();
  }

  private static int intParam(Web.Request req, String name, int otherwise, int min, int max) {
    Optional<String> v = req.param(name);
    if (v.isEmpty()) {
      return otherwise;
    }
    try {
      int i = Integer.parseInt(v.get());
      if (i < min || i > max) {
        throw new IllegalArgumentException(
            "'" + name + "' must be " + min + ".." + max + ", was " + i);
      }
      return i;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be a number, was '" + v.get() + "'");
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    laneStreams.forEach(EventStream::close);
    work.shutdownNow();
  }
}

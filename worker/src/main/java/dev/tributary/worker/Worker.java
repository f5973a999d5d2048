package dev.tributary.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.ConnectorState;
import dev.tributary.connectors.DebeziumSource;
import dev.tributary.connectors.DynamoDbStreamsSource;
import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.FatalException;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.EngineServer;
import dev.tributary.engine.http.ServerOptions;
import dev.tributary.worker.config.Credentials;
import dev.tributary.worker.config.EngineSettings;
import dev.tributary.worker.config.KafkaSettings;
import dev.tributary.worker.config.SourceSettings;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.config.WorkerSettings;
import dev.tributary.worker.console.ConsoleBackend;
import dev.tributary.worker.console.internal.ConsoleRoutes;
import dev.tributary.worker.console.internal.HostCheck;
import dev.tributary.worker.internal.DeclaredTables;
import dev.tributary.worker.internal.FailingLaneWatch;
import dev.tributary.worker.internal.HttpEndpoints;
import dev.tributary.worker.internal.PortCheck;
import dev.tributary.worker.internal.WorkerMetrics;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;

/**
 * The worker service: everything a {@link WorkerConfig} describes, running in this process. In
 * start order: the health and metrics server ({@code /health/live}, {@code /health/ready}, {@code
 * /metrics}), the embedded Kafka broker (or the cluster's address), the embedded engine and its
 * DynamoDB endpoint, the sources (engine relay, DynamoDB Streams), and the pipelines ({@link
 * PipelineRuntime}: topologies and handler runners, every handler metered).
 *
 * <p>{@link #close()} stops in the reverse direction, gracefully: the sources commit their
 * transaction in flight, the runners finish and commit their batch in flight, the topologies
 * commit, then the engine and the broker close. Several workers started with the same configuration
 * (each with its own {@code worker.state-dir}) share the work through Kafka's consumer groups.
 *
 * <p>Lifecycle: {@code NEW → STARTING → RUNNING → STOPPING → STOPPED}, or {@code FAILED} when the
 * start fails (what was started is closed again).
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Lifecycle; changed by compare-and-set, only forward. */
  public enum State {
    NEW,
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED
  }

  /** A running source and how to ask after it. */
  private record RunningSource(
      String name,
      Supplier<ConnectorState> state,
      Supplier<Optional<Throwable>> failure,
      AutoCloseable closer) {}

  private final WorkerConfig config;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final WorkerMetrics metrics = new WorkerMetrics();
  private final List<RunningSource> sources = new ArrayList<>();
  private final List<EngineRelay> relays = new ArrayList<>();
  private HttpEndpoints http;
  private ConsoleRoutes console;
  private volatile FailingLaneWatch failingLanes =
      new FailingLaneWatch(Map::of, FailingLaneWatch.DEFAULT_WINDOW, System::nanoTime);
  private EmbeddedKafka kafka;
  private String bootstrapServers;
  private TributaryEngine engine;
  private EngineServer engineServer;
  private volatile PipelineRuntime runtime;

  private final Set<String> heldBackLanes;

  private Worker(WorkerConfig config, Set<String> heldBackLanes) {
    this.config = config;
    this.heldBackLanes = Set.copyOf(heldBackLanes);
  }

  /** Starts everything the configuration describes; returns once the pipelines are running. */
  public static Worker start(WorkerConfig config) {
    return start(config, Set.of());
  }

  /**
   * Starts everything the configuration describes except the runners of the lanes named (by lane
   * topic): their topologies route into them, nothing here consumes them. What {@code tributary
   * backfill} runs in, since the embedded engine's directory admits one process.
   */
  public static Worker start(WorkerConfig config, Set<String> heldBackLanes) {
    PortCheck.requireFree(Objects.requireNonNull(config, "config")); // before anything binds
    Worker w = new Worker(config, heldBackLanes);
    w.startAll();
    return w;
  }

  /** Why an admin request naming {@code hostHeader} is refused (logged once per name), or empty. */
  private static Optional<String> adminHostRefusal(HostCheck hosts, String hostHeader) {
    Optional<String> refused = hosts.refusal(hostHeader);
    if (refused.isPresent() && hosts.firstRefusal(hostHeader)) {
      log.warn("Refused POST /admin/replay: {}; allowed: {}", refused.get(), hosts.describe());
    }
    return refused;
  }

  private void startAll() {
    transition(State.NEW, State.STARTING);
    long t0 = System.nanoTime();
    WorkerSettings ws = config.worker();
    try {
      if (ws.httpPort() >= 0) {
        HostCheck hosts = HostCheck.of(ws.httpHost(), ws.consoleAllowedHosts());
        console =
            ws.consoleEnabled()
                ? new ConsoleRoutes(
                    consoleBackend(),
                    ws.consoleToken(),
                    hosts,
                    ws.consoleTokenForReads(),
                    1_000,
                    600)
                : null;
        http =
            HttpEndpoints.start(
                ws.httpHost(),
                ws.httpPort(),
                this::liveness,
                this::readiness,
                metrics::scrape,
                body -> ReplayCommand.inWorker(this, body),
                console == null ? List.of() : List.of(console),
                hostHeader -> adminHostRefusal(hosts, hostHeader));
        log.info(
            "Health and metrics on http://{}:{}/ (health/live, health/ready, metrics)",
            ws.httpHost(),
            http.port());
        if (console != null) {
          log.info(
              "Console on http://{}:{}{}/ (redrive and replay {}{})",
              ws.httpHost(),
              http.port(),
              ConsoleRoutes.PREFIX,
              ws.consoleToken().isPresent() ? "enabled" : "disabled: no worker.console.token",
              ws.consoleTokenForReads() ? "; reading needs the token too" : "");
        }
      }
      startKafka(config.kafka());
      startEngine(config.engine());
      for (SourceSettings s : config.sources()) {
        startSource(s);
      }
      List<Pipeline> metered = config.pipelines().stream().map(metrics::metered).toList();
      Files.createDirectories(ws.stateDir());
      PipelineRuntime.Builder rb =
          PipelineRuntime.builder(bootstrapServers)
              .pipelines(metered)
              .stateDir(ws.stateDir())
              .partitions(config.kafka().partitions())
              .staticMembership(ws.staticMembership())
              .holdBackLanes(heldBackLanes);
      ws.id().ifPresent(rb::runnerId);
      config.kafka().client().forEach(rb::clientConfig);
      runtime = rb.start();
      metrics.watch(runtime, relays, ws.lagInterval());
      PipelineRuntime rt = runtime;
      failingLanes =
          new FailingLaneWatch(rt::stats, FailingLaneWatch.DEFAULT_WINDOW, System::nanoTime);
      rt.stats()
          .keySet()
          .forEach(
              lane ->
                  Gauge.builder(
                          "tributary.lane.failing", failingLanes, w -> w.failing(lane) ? 1 : 0)
                      .description(
                          "1 while the lane's handler has failed every event for the window (60 s)")
                      .tag("lane", lane)
                      .register(metrics.registry()));
    } catch (Exception e) {
      log.error("Worker failed to start: {}", e.getMessage());
      stopAll();
      state.set(State.FAILED);
      throw e instanceof FatalException f
          ? f
          : new FatalException("Worker failed to start: " + e.getMessage(), e);
    }
    transition(State.STARTING, State.RUNNING);
    log.info(
        "Worker {} running pipelines {} on Kafka {} (started in {} ms)",
        runtime.runnerId(),
        config.pipelines().stream().map(Pipeline::name).toList(),
        bootstrapServers,
        (System.nanoTime() - t0) / 1_000_000);
  }

  private void startKafka(KafkaSettings k) {
    if (k.embedded()) {
      kafka =
          EmbeddedKafka.builder(k.embeddedDataDir().orElseThrow()).port(k.embeddedPort()).start();
      bootstrapServers = kafka.bootstrapServers();
    } else {
      bootstrapServers = k.bootstrapServers().orElseThrow();
    }
  }

  private void startEngine(EngineSettings e) throws IOException {
    if (e.mode() != EngineSettings.Mode.EMBEDDED) {
      return;
    }
    Path dir = e.dataDir().orElseThrow();
    Files.createDirectories(dir);
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(e.syncWrites()).build());
    DeclaredTables.ensure(engine, e.tables(), config.file());
    DeclaredTables.warnAboutSources(engine, config.pipelines());
    if (e.endpoint().isPresent()) {
      EngineSettings.Endpoint ep = e.endpoint().get();
      ServerOptions.Builder o =
          ServerOptions.builder()
              .host(ep.host())
              .port(ep.port())
              .allowAnyCredentials(ep.allowAnyCredentials());
      ep.credentials().forEach(c -> o.credentials(c.accessKey(), c.secretKey()));
      engineServer = EngineServer.start(engine, o.build());
      log.info("Engine serving DynamoDB's protocol on {}", engineServer.endpoint());
    }
  }

  private void startSource(SourceSettings s) {
    Map<String, Object> kafkaConfig = config.kafka().clientConfig(bootstrapServers);
    int partitions = config.kafka().partitions();
    if (s instanceof SourceSettings.EngineRelay r) {
      EngineRelay relay =
          EngineRelay.builder(engine, kafkaConfig)
              .relayId(r.id())
              .changeTopicPartitions(r.changeTopicPartitions().orElse(partitions))
              .build()
              .start();
      relays.add(relay);
      sources.add(new RunningSource("engine-relay/" + r.id(), relay::state, relay::failure, relay));
    } else if (s instanceof SourceSettings.DynamoDbStreams d) {
      DynamoDbStreamsClientBuilder cb =
          DynamoDbStreamsClient.builder()
              .httpClient(UrlConnectionHttpClient.create())
              .region(Region.of(d.region()));
      d.endpoint().ifPresent(cb::endpointOverride);
      if (d.credentials().isPresent()) {
        Credentials c = d.credentials().get();
        cb.credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(c.accessKey(), c.secretKey())));
      } else {
        cb.credentialsProvider(DefaultCredentialsProvider.builder().build());
      }
      DynamoDbStreamsClient client = cb.build();
      DynamoDbStreamsSource source =
          DynamoDbStreamsSource.builder(client, kafkaConfig)
              .sourceId(d.id())
              .tables(d.tables())
              .pollInterval(d.pollInterval())
              .changeTopicPartitions(d.changeTopicPartitions().orElse(partitions))
              .build()
              .start();
      sources.add(
          new RunningSource(
              "dynamodb-streams/" + d.id(),
              source::state,
              source::failure,
              () -> {
                source.close();
                client.close();
              }));
    } else if (s instanceof SourceSettings.Debezium d) {
      DebeziumSource.Builder b =
          switch (d.type()) {
            case "debezium-mysql" -> DebeziumSource.mysql(kafkaConfig);
            case "debezium-mariadb" -> DebeziumSource.mariadb(kafkaConfig);
            default -> DebeziumSource.postgres(kafkaConfig);
          };
      int port = d.port().orElse(d.type().equals("debezium-postgres") ? 5432 : 3306);
      b.sourceId(d.id())
          .connection(d.host(), port, d.user(), d.password())
          .database(d.database())
          .tables(d.tables())
          .initialSnapshot(d.initialSnapshot())
          .changeTopicPartitions(d.changeTopicPartitions().orElse(partitions));
      d.heartbeatInterval().ifPresent(b::heartbeatInterval);
      d.heartbeatActionQuery().ifPresent(b::heartbeatActionQuery);
      d.properties().forEach(b::debeziumProperty);
      DebeziumSource source = b.build().start();
      sources.add(
          new RunningSource(d.type() + "/" + d.id(), source::state, source::failure, source));
    }
  }

  public State state() {
    return state.get();
  }

  /** What the web console reads of this worker. */
  private ConsoleBackend consoleBackend() {
    return new ConsoleBackend() {
      @Override
      public String state() {
        return Worker.this.state().name();
      }

      @Override
      public List<Pipeline> pipelines() {
        return config.pipelines();
      }

      @Override
      public Optional<PipelineRuntime> runtime() {
        return Optional.ofNullable(runtime);
      }

      @Override
      public Optional<TributaryEngine> engine() {
        return Worker.this.engine();
      }

      @Override
      public Map<String, Object> kafkaClientConfig() {
        if (bootstrapServers == null) {
          throw new IllegalStateException(
              "the worker is " + state() + "; Kafka is not started yet");
        }
        return config.kafka().clientConfig(bootstrapServers);
      }

      @Override
      public List<Source> sources() {
        return List.copyOf(Worker.this.sources).stream()
            .map(s -> new Source(s.name(), String.valueOf(s.state().get())))
            .toList();
      }
    };
  }

  public WorkerConfig config() {
    return config;
  }

  /** Where this worker's Kafka is, for clients ({@code bootstrap.servers}). */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The port of the health and metrics server; empty when it is off. */
  public OptionalInt httpPort() {
    return http == null ? OptionalInt.empty() : OptionalInt.of(http.port());
  }

  /** The embedded engine's DynamoDB endpoint, when it serves one. */
  public Optional<URI> engineEndpoint() {
    return Optional.ofNullable(engineServer).map(EngineServer::endpoint);
  }

  /** The embedded engine, when there is one. */
  public Optional<TributaryEngine> engine() {
    return Optional.ofNullable(engine);
  }

  /** The pipelines' runtime (RUNNING while the worker is). */
  public PipelineRuntime runtime() {
    if (runtime == null) {
      throw new IllegalStateException(
          "Worker is " + state.get() + "; its pipelines are not started");
    }
    return runtime;
  }

  /** Why a source, a topology or a runner of this worker stopped on its own, if one did. */
  public Optional<Throwable> failure() {
    for (RunningSource s : List.copyOf(sources)) {
      if (s.state().get() == ConnectorState.FAILED) {
        return Optional.of(
            s.failure().get().orElseGet(() -> new IllegalStateException(s.name() + " failed")));
      }
    }
    PipelineRuntime rt = runtime;
    return rt == null ? Optional.empty() : rt.failure();
  }

  /**
   * Ready: running, every topology RUNNING in Kafka Streams' sense and every runner of this process
   * holding lane partitions.
   */
  public boolean ready() {
    return readinessChecks().values().stream().allMatch(Boolean.TRUE::equals);
  }

  private Map<String, Object> readinessChecks() {
    Map<String, Object> checks = new LinkedHashMap<>();
    State s = state.get();
    checks.put("running", s == State.RUNNING);
    PipelineRuntime rt = runtime;
    if (s == State.RUNNING && rt != null && rt.state() == PipelineRuntime.State.RUNNING) {
      rt.topologyStates()
          .forEach((p, st) -> checks.put("topology " + p, st == KafkaStreams.State.RUNNING));
      rt.assignments().forEach((lane, parts) -> checks.put("runner " + lane, !parts.isEmpty()));
      metrics
          .stalls()
          .states()
          .forEach((lane, stalled) -> checks.put("progress " + lane, !stalled));
      failingLanes.states().forEach((lane, failing) -> checks.put("handling " + lane, !failing));
    }
    checks.put("no failure", failure().isEmpty());
    return checks;
  }

  private HttpEndpoints.Health liveness() {
    State s = state.get();
    Optional<Throwable> failed = failure();
    boolean up = s != State.FAILED && failed.isEmpty();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("state", s.name());
    failed.ifPresent(f -> body.put("failure", String.valueOf(f.getMessage())));
    return new HttpEndpoints.Health(up, json(body));
  }

  private HttpEndpoints.Health readiness() {
    Map<String, Object> checks = readinessChecks();
    boolean up = checks.values().stream().allMatch(Boolean.TRUE::equals);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "DOWN");
    body.put("checks", checks);
    PipelineRuntime rt = runtime;
    if (rt != null && state.get() == State.RUNNING) {
      Map<String, Set<Integer>> assignments = rt.assignments();
      body.put("assignments", assignments);
    }
    return new HttpEndpoints.Health(up, json(body));
  }

  private static String json(Object o) {
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops gracefully: sources (their transaction in flight commits), pipelines (each runner
   * finishes and commits its batch in flight, then the topologies commit), engine endpoint, engine,
   * embedded broker, metrics and health server. Idempotent.
   */
  @Override
  public void close() {
    if (state.compareAndSet(State.NEW, State.STOPPED)) {
      return;
    }
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return; // already stopping or stopped, or a failed start closed everything
    }
    long t0 = System.nanoTime();
    log.info("Worker stopping");
    try {
      stopAll();
    } finally {
      state.set(State.STOPPED);
    }
    log.info("Worker stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
  }

  private void stopAll() {
    // Health, metrics, admin and console requests read the engine and the lanes: they stop first,
    // so no scrape reads a closed engine (a RocksDB read after close crashes the JVM).
    if (http != null) {
      quietly("health server", http);
    }
    if (console != null) {
      quietly("console", console);
    }
    quietly("metrics", metrics);
    for (int i = sources.size() - 1; i >= 0; i--) {
      quietly(sources.get(i).name(), sources.get(i).closer());
    }
    if (runtime != null) {
      quietly("pipelines", runtime);
    }
    if (engineServer != null) {
      quietly("engine endpoint", engineServer);
    }
    if (engine != null) {
      quietly("engine", engine);
    }
    if (kafka != null) {
      quietly("embedded Kafka", kafka);
    }
  }

  private static void quietly(String what, AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      log.warn("Closing {} failed: {}", what, e.toString());
    }
  }

  private void transition(State from, State to) {
    if (!state.compareAndSet(from, to)) {
      throw new IllegalStateException(
          "Worker cannot go from " + state.get() + " to " + to + " (expected " + from + ")");
    }
  }
}

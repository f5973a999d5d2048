package dev.tributary.core.runner;

import dev.tributary.core.FatalException;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.PipelineTopology;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.pipeline.internal.TopicProvisioner;
import dev.tributary.core.pipeline.internal.TopologyInstance;
import dev.tributary.core.runner.internal.CatchUp;
import dev.tributary.core.runner.internal.HangingTransactions;
import dev.tributary.core.runner.internal.LaneSupervisor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs pipelines in this process against a Kafka cluster: creates their topics, starts one Kafka
 * Streams topology per pipeline ({@code exactly_once_v2}) and one {@link HandlerRunner} per lane.
 * Several processes running the same pipelines share the work through the consumer groups (give
 * each its own {@link Builder#runnerId} and state directory).
 *
 * <pre>{@code
 * try (PipelineRuntime runtime = PipelineRuntime.builder(kafka.bootstrapServers())
 *     .pipeline(orders)
 *     .stateDir(Path.of("data/streams"))
 *     .start()) {
 *   runtime.awaitCaughtUp(Duration.ofMinutes(1));
 *   runtime.lanes().forEach(l -> System.out.println(l.laneTopic() + " lag " + l.lagEvents()));
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link State#NEW} → {@link #start()} → {@link State#STARTING} (topics, topology,
 * runners) → {@link State#RUNNING} → {@link #close()} → {@link State#STOPPING} → {@link
 * State#STOPPED}. A start that fails closes what it started and ends in {@link State#FAILED}.
 * Closing stops the runners first (each finishes and commits its batch in flight), then the
 * topologies (each commits its transaction), so nothing done is delivered again on restart.
 *
 * <p>A runner that stops on an unexpected or retriable error is restarted after a back-off, per
 * {@link Builder#runnerRestarts}; a fatal error (the handler's {@link FatalException}, a fenced
 * producer) stops only that lane, and {@link #lanes()} ({@link LaneStatus#runner()}) and {@link
 * #failure()} say why.
 */
public final class PipelineRuntime implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PipelineRuntime.class);
  private static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(60);
  private static final long POLL_MS = 200;
  private static final long SUPERVISE_MS = 200;

  /**
   * How often the runtime's topics are checked for hanging transactions, and the grace before one
   * is aborted.
   */
  private static final Duration HANGING_CHECK = Duration.ofSeconds(15);

  private static final Duration HANGING_GRACE = Duration.ofSeconds(30);

  /** The default of {@link Builder#runnerRestarts}. */
  public static final RetryPolicy DEFAULT_RUNNER_RESTARTS =
      RetryPolicy.attempts(5).withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0);

  /** Lifecycle; changed by compare-and-set, only forward. */
  public enum State {
    NEW,
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED,
    FAILED
  }

  private final String bootstrapServers;
  private final List<Pipeline> pipelines;
  private final Path stateDir;
  private final int partitions;
  private final String runnerId;
  private final Map<String, Object> clientConfig;
  private final Map<String, Object> streamsConfig;
  private final boolean staticMembership;
  private final RetryPolicy runnerRestarts;
  private final Set<String> heldBackLanes;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final List<TopologyInstance> topologies = new ArrayList<>();
  private final List<LaneSupervisor> runners = new ArrayList<>();
  private ScheduledExecutorService supervision;
  private ScheduledExecutorService hangingChecks;
  private Admin admin;
  private Lanes lanes;
  private CatchUp catchUp;

  private PipelineRuntime(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.pipelines = List.copyOf(b.pipelines.values());
    this.stateDir = b.stateDir;
    this.partitions = b.partitions;
    this.runnerId = b.runnerId;
    this.clientConfig = Map.copyOf(b.clientConfig);
    this.streamsConfig = Map.copyOf(b.streamsConfig);
    this.staticMembership = b.staticMembership;
    this.runnerRestarts = b.runnerRestarts;
    this.heldBackLanes = Set.copyOf(b.heldBackLanes);
  }

  /** A runtime for the cluster at {@code bootstrapServers}; add pipelines and a state directory. */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Creates the topics, starts the topologies and the runners; returns once all are started. */
  public PipelineRuntime start() {
    transition(State.NEW, State.STARTING);
    try {
      Map<String, Object> clients = new HashMap<>(clientConfig);
      clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      admin = Admin.create(clients);
      lanes = Lanes.connect(clients);
      catchUp = new CatchUp(admin, lanes);
      new TopicProvisioner(admin, partitions).provision(pipelines);
      Map<String, Object> members = new HashMap<>(clientConfig);
      if (staticMembership) {
        // One id in every group: the runners' groups differ per lane, Streams adds a thread suffix.
        members.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, runnerId);
      }
      Map<String, Object> streamsOverrides = new HashMap<>(members);
      streamsOverrides.putAll(streamsConfig);
      for (Pipeline p : pipelines) {
        TopologyInstance t = new TopologyInstance(p, bootstrapServers, stateDir, streamsOverrides);
        topologies.add(t);
        t.start();
      }
      for (Pipeline p : pipelines) {
        for (LaneSpec lane : p.lanes()) {
          if (heldBackLanes.contains(lane.laneTopic())) {
            log.info("Lane {} held back: this process starts no runner for it", lane.laneTopic());
            continue;
          }
          LaneSupervisor r =
              new LaneSupervisor(
                  lane,
                  () ->
                      HandlerRunner.builder(lane, bootstrapServers)
                          .clientConfig(members)
                          .runnerId(runnerId)
                          .start(),
                  runnerRestarts);
          r.start();
          synchronized (runners) {
            runners.add(r);
          }
        }
      }
      supervision =
          Executors.newSingleThreadScheduledExecutor(
              daemon("tributary-runtime-supervisor-" + runnerId));
      supervision.scheduleWithFixedDelay(
          this::supervise, SUPERVISE_MS, SUPERVISE_MS, TimeUnit.MILLISECONDS);
      // Its own thread: a look can wait on the cluster for seconds, the lanes' supervision must
      // not.
      hangingChecks =
          Executors.newSingleThreadScheduledExecutor(
              daemon("tributary-hanging-transactions-" + runnerId));
      HangingTransactions hanging = hangingTransactions();
      hangingChecks.scheduleWithFixedDelay(
          hanging::check,
          HANGING_CHECK.toMillis(),
          HANGING_CHECK.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      stopAll(); // the caller handles (and logs) the error
      state.set(State.FAILED);
      throw e;
    }
    transition(State.STARTING, State.RUNNING);
    log.info("Pipelines {} running as runner {} on {}", names(), runnerId, bootstrapServers);
    return this;
  }

  public State state() {
    return state.get();
  }

  public List<Pipeline> pipelines() {
    return pipelines;
  }

  public String runnerId() {
    return runnerId;
  }

  /**
   * Where every lane's runners stand, in pipeline and handler order, with how this process's runner
   * of each is doing ({@link LaneStatus#runner()}: running, restarting after an error, failed).
   */
  public List<LaneStatus> lanes() {
    requireRunning();
    Map<String, RunnerHealth> health = runnerHealth();
    List<LaneStatus> out = new ArrayList<>();
    pipelines.forEach(
        p ->
            p.lanes()
                .forEach(
                    l ->
                        out.add(
                            lanes
                                .status(l)
                                .withRunner(
                                    health.getOrDefault(l.laneTopic(), RunnerHealth.unknown())))));
    return List.copyOf(out);
  }

  /** How this process's runner of each lane is doing, by lane topic; cheap (no Kafka calls). */
  public Map<String, RunnerHealth> runnerHealth() {
    Map<String, RunnerHealth> out = new LinkedHashMap<>();
    synchronized (runners) {
      runners.forEach(r -> out.put(r.lane().laneTopic(), r.health()));
    }
    return out;
  }

  /**
   * Where every pipeline's topology stands on its change topics, one status per change topic (as a
   * lane's: committed position of the topology's group, end, lag in events and time).
   */
  public List<LaneStatus> topologies() {
    requireRunning();
    List<LaneStatus> out = new ArrayList<>();
    pipelines.forEach(
        p ->
            p.sourceTopics()
                .forEach(t -> out.add(lanes.status(t, Topics.applicationId(p.name())))));
    return List.copyOf(out);
  }

  /** What this process's runners have done, by lane topic (restarted runners included). */
  public Map<String, RunnerStats> stats() {
    Map<String, RunnerStats> out = new LinkedHashMap<>();
    synchronized (runners) {
      runners.forEach(r -> out.put(r.lane().laneTopic(), r.stats()));
    }
    return out;
  }

  /**
   * The Kafka Streams state of each pipeline's topology in this process, by pipeline name ({@code
   * RUNNING} once its tasks are assigned and it is not rebalancing).
   */
  public Map<String, KafkaStreams.State> topologyStates() {
    Map<String, KafkaStreams.State> out = new LinkedHashMap<>();
    topologies.forEach(t -> out.put(t.pipeline().name(), t.state()));
    return out;
  }

  /** The lane partitions each runner of this process owns now, by lane topic. */
  public Map<String, Set<Integer>> assignments() {
    Map<String, Set<Integer>> out = new LinkedHashMap<>();
    synchronized (runners) {
      runners.forEach(r -> out.put(r.lane().laneTopic(), r.assignment()));
    }
    return out;
  }

  /**
   * Why a topology or a lane of this process stopped for good, if one did: a runner being restarted
   * after an error is not a failure (see {@link #runnerHealth()}).
   */
  public Optional<Throwable> failure() {
    for (TopologyInstance t : topologies) {
      if (t.failure().isPresent()) {
        return t.failure();
      }
    }
    synchronized (runners) {
      for (LaneSupervisor r : runners) {
        if (r.failure().isPresent()) {
          return r.failure();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The hanging-transaction check over what this runtime owns: its pipelines' topics ({@link
   * Pipeline#topics()}) and its topologies' internal topics, and the transactional ids of its
   * runners ({@code <lane group>-<runner id>}) and topologies ({@code <application id>-...}).
   */
  private HangingTransactions hangingTransactions() {
    Set<String> topics = new HashSet<>();
    List<String> topicPrefixes = new ArrayList<>();
    List<String> idPrefixes = new ArrayList<>();
    for (Pipeline p : pipelines) {
      topics.addAll(p.topics());
      String application = Topics.applicationId(p.name()) + "-";
      topicPrefixes.add(application);
      idPrefixes.add(application);
      p.lanes().forEach(l -> idPrefixes.add(l.group() + "-"));
    }
    return new HangingTransactions(
        admin,
        topic -> topics.contains(topic) || topicPrefixes.stream().anyMatch(topic::startsWith),
        id -> idPrefixes.stream().anyMatch(id::startsWith),
        HANGING_GRACE,
        System::nanoTime);
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      return t;
    };
  }

  private void supervise() {
    List<LaneSupervisor> all;
    synchronized (runners) {
      all = List.copyOf(runners);
    }
    long now = System.nanoTime();
    for (LaneSupervisor r : all) {
      try {
        r.check(now);
      } catch (RuntimeException e) {
        log.warn("Supervising lane {} failed: {}", r.lane().laneTopic(), e.toString());
      }
    }
  }

  /**
   * Waits until every event now in the change topics has gone through the topology and every lane
   * event has been committed by its runners (delivered or dead-lettered), whichever process ran
   * them. False on timeout; throws {@link FatalException} at once if a topology or a lane of this
   * process has stopped for good ({@link #failure()}), since waiting could not end well.
   */
  public boolean awaitCaughtUp(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    requireRunning();
    List<CatchUp.Reader> readers = new ArrayList<>();
    for (Pipeline p : pipelines) {
      p.sourceTopics()
          .forEach(t -> readers.add(new CatchUp.Reader(t, Topics.applicationId(p.name()))));
    }
    for (Pipeline p : pipelines) {
      p.lanes().forEach(l -> readers.add(new CatchUp.Reader(l.laneTopic(), l.group())));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<Throwable> failed = failure();
      if (failed.isPresent()) {
        throw new FatalException("Pipelines " + names() + " failed", failed.get());
      }
      CatchUp check = catchUp; // set once by start(), before the state became RUNNING
      synchronized (check) {
        if (check.caughtUp(readers)) {
          return true;
        }
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Stops the runners (each finishes and commits its batch in flight), then the topologies (each
   * commits), then the clients. Idempotent.
   */
  @Override
  public void close() {
    if (state.compareAndSet(State.NEW, State.STOPPED)) {
      return;
    }
    State s = state.get();
    if (s == State.STARTING) {
      throw new IllegalStateException(
          "Pipeline runtime cannot go from " + s + " to " + State.STOPPING + " while starting");
    }
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      return; // already stopping, stopped or failed (a failed start closed everything)
    }
    long t0 = System.nanoTime();
    try {
      stopAll();
    } finally {
      state.set(State.STOPPED);
    }
    log.info("Pipelines {} stopped in {} ms", names(), (System.nanoTime() - t0) / 1_000_000);
  }

  private void stopAll() {
    if (hangingChecks != null) {
      hangingChecks.shutdownNow(); // an admin call in flight ends when the admin client closes
    }
    if (supervision != null) {
      supervision.shutdownNow(); // no restart races the closing runners
      try {
        supervision.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<LaneSupervisor> toStop;
    synchronized (runners) {
      toStop = List.copyOf(runners);
    }
    // In parallel: each runner waits for its own batch in flight, not for the others'.
    CompletableFuture.allOf(
            toStop.stream()
                .map(r -> CompletableFuture.runAsync(r::close))
                .toArray(CompletableFuture[]::new))
        .exceptionally(
            e -> {
              log.warn("Closing a runner failed", e);
              return null;
            })
        .join();
    for (TopologyInstance t : topologies) {
      if (!t.close(STREAMS_CLOSE_TIMEOUT)) {
        log.warn(
            "Topology of pipeline {} did not close within {}",
            t.pipeline().name(),
            STREAMS_CLOSE_TIMEOUT);
      }
    }
    if (lanes != null) {
      lanes.close();
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }

  private List<String> names() {
    return pipelines.stream().map(Pipeline::name).toList();
  }

  private void requireRunning() {
    State s = state.get();
    if (s != State.RUNNING) {
      throw new IllegalStateException("Pipeline runtime is " + s + ", not " + State.RUNNING);
    }
  }

  private void transition(State from, State to) {
    if (!state.compareAndSet(from, to)) {
      throw new IllegalStateException(
          "Pipeline runtime cannot go from "
              + state.get()
              + " to "
              + to
              + " (expected "
              + from
              + ")");
    }
  }

  /** Options of a runtime; {@link #start()} builds and starts it. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();
    private Path stateDir;
    private int partitions = 8;
    private String runnerId = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Object> clientConfig = new HashMap<>();
    private final Map<String, Object> streamsConfig = new HashMap<>();
    private boolean staticMembership;
    private RetryPolicy runnerRestarts = DEFAULT_RUNNER_RESTARTS;
    private final Set<String> heldBackLanes = new LinkedHashSet<>();

    private Builder(String bootstrapServers) {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      if (bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must name at least one broker");
      }
      this.bootstrapServers = bootstrapServers;
    }

    /** Adds pipelines to run; names must be unique (they name topics and groups). */
    public Builder pipeline(Pipeline first, Pipeline... more) {
      Objects.requireNonNull(more, "pipelines");
      add(first);
      for (Pipeline p : more) {
        add(p);
      }
      return this;
    }

    public Builder pipelines(Collection<Pipeline> all) {
      Objects.requireNonNull(all, "pipelines").forEach(this::add);
      return this;
    }

    private void add(Pipeline p) {
      Objects.requireNonNull(p, "pipeline");
      if (pipelines.putIfAbsent(p.name(), p) != null) {
        throw new IllegalArgumentException("pipeline '" + p.name() + "' is already added");
      }
    }

    /** Where the topologies keep their local state (the per-key sequence stores). Required. */
    public Builder stateDir(Path dir) {
      this.stateDir = Objects.requireNonNull(dir, "stateDir").toAbsolutePath();
      return this;
    }

    /** Partitions of change topics this runtime creates (existing ones are kept); default 8. */
    public Builder partitions(int partitions) {
      if (partitions < 1 || partitions > 10_000) {
        throw new IllegalArgumentException("partitions must be 1-10000, was " + partitions);
      }
      this.partitions = partitions;
      return this;
    }

    /**
     * This process's name among the processes running the same pipelines (default: random). Part of
     * the runners' transactional ids: a restarted process with the same id fences its predecessor
     * at once; two live processes must not share one.
     */
    public Builder runnerId(String runnerId) {
      Objects.requireNonNull(runnerId, "runnerId");
      if (!runnerId.matches("[a-zA-Z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "runnerId '" + runnerId + "' must be 1-64 characters of [a-zA-Z0-9._-]");
      }
      this.runnerId = runnerId;
      return this;
    }

    /**
     * Joins every consumer group as a static member named by the {@link #runnerId} (off by
     * default). A process restarted with the same id, for instance after a crash, takes its
     * partitions back at once instead of waiting for the group to time out the dead member; the
     * price is that a process that stops for good hands its partitions over only after {@code
     * session.timeout.ms}.
     */
    public Builder staticMembership(boolean on) {
      this.staticMembership = on;
      return this;
    }

    /**
     * How a runner that stopped on an unexpected or retriable error is restarted: up to {@code
     * maxAttempts} restarts in a row, after the policy's back-off (default {@link
     * #DEFAULT_RUNNER_RESTARTS}: 5, from 1 s doubling to 30 s). A runner that then runs for twice
     * the longest back-off starts a new series. Fatal errors are never retried. Its {@code
     * maxEventAge} is not used.
     */
    public Builder runnerRestarts(RetryPolicy policy) {
      this.runnerRestarts = Objects.requireNonNull(policy, "runnerRestarts");
      return this;
    }

    /**
     * Lanes (by lane topic) this process runs no runner for, while their topologies run: what a
     * backfill of one handler needs. Other processes may still run them. {@link #awaitCaughtUp}
     * waits for every lane, held back or not.
     */
    public Builder holdBackLanes(Collection<String> laneTopics) {
      laneTopics.forEach(t -> heldBackLanes.add(Objects.requireNonNull(t, "lane topic")));
      return this;
    }

    /** A Kafka client setting for every client: runners, topologies, admin (e.g. security). */
    public Builder clientConfig(String key, Object value) {
      clientConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    /** A Kafka Streams setting for the topologies, over {@link PipelineTopology#streamsConfig}. */
    public Builder streamsConfig(String key, Object value) {
      streamsConfig.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
      return this;
    }

    public PipelineRuntime build() {
      List<String> problems = new ArrayList<>();
      if (pipelines.isEmpty()) {
        problems.add("no pipeline");
      }
      if (stateDir == null) {
        problems.add("no stateDir");
      }
      Set<String> known = new HashSet<>();
      pipelines.values().forEach(p -> p.lanes().forEach(l -> known.add(l.laneTopic())));
      heldBackLanes.stream()
          .filter(t -> !known.contains(t))
          .forEach(t -> problems.add("held-back lane " + t + " is no lane of these pipelines"));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("pipeline runtime: " + String.join("; ", problems));
      }
      return new PipelineRuntime(this);
    }

    public PipelineRuntime start() {
      return build().start();
    }
  }
}

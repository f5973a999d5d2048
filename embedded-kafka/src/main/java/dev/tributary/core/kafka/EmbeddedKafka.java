package dev.tributary.core.kafka;

import dev.tributary.core.FatalException;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.kafka.internal.BrokerSettings;
import dev.tributary.core.kafka.internal.KraftNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process single-node Kafka broker (KRaft, combined broker and controller) keeping its data
 * in a directory: the worker's default mode and the integration tests speak the real protocol to
 * it. Configured for one node: transactions, consumer groups and {@code read_committed} work.
 *
 * <p>Closing shuts the broker down cleanly; starting again on the same directory keeps topics,
 * records and committed offsets, and reuses the previous port when it is free.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(Path.of("data/kafka"))) {
 *   kafka.createTopic("tributary.changes.Orders", 8);
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);

  /** Lifecycle; changes only forward, by compare-and-set. */
  public enum State {
    NEW,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final Path dataDir;
  private final int requestedPort;
  private final Map<String, String> overrides;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private volatile KraftNode node;
  private volatile Admin admin;
  private volatile int port;

  private EmbeddedKafka(Builder b) {
    this.dataDir = b.dataDir;
    this.requestedPort = b.port;
    this.overrides = Map.copyOf(b.overrides);
  }

  /** Starts a broker on a free port (or the one this directory used before). */
  public static EmbeddedKafka start(Path dataDir) {
    return builder(dataDir).start();
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  private EmbeddedKafka startNode() {
    transition(State.NEW, State.RUNNING);
    long t0 = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      KraftNode.formatIfNeeded(BrokerSettings.logDir(dataDir), BrokerSettings.nodeId());
      int[] before = BrokerSettings.rememberedPorts(dataDir);
      int brokerPort = requestedPort > 0 ? requestedPort : BrokerSettings.portOrFree(before[0]);
      int controllerPort = BrokerSettings.portOrFree(before[1]);
      if (controllerPort == brokerPort) {
        controllerPort = BrokerSettings.portOrFree(0);
      }
      node =
          KraftNode.start(
              BrokerSettings.properties(dataDir, brokerPort, controllerPort, overrides));
      port = node.brokerPort();
      BrokerSettings.rememberPorts(dataDir, port, controllerPort);
      admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
      // Topics kept in the directory must be led again before clients write to them.
      TopicReadiness.await(admin, admin.listTopics().names().get(), TOPIC_READY_TIMEOUT);
    } catch (Exception e) {
      state.set(State.STOPPED);
      throw new FatalException(
          "Embedded Kafka failed to start in " + dataDir + ": " + e.getMessage(), e);
    }
    log.info(
        "Embedded Kafka up at {} (data {}) in {} ms",
        bootstrapServers(),
        dataDir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return this;
  }

  public State state() {
    return state.get();
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return BrokerSettings.HOST + ":" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The smallest client configuration: {@code bootstrap.servers}. */
  public Map<String, Object> clientConfig() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
  }

  /** Creates the topic unless it exists (whatever its partition count), and waits for leaders. */
  public void createTopic(String name, int partitions) {
    createTopic(name, partitions, Map.of());
  }

  public void createTopic(String name, int partitions, Map<String, String> configs) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(configs, "configs");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    requireRunning();
    try {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new FatalException("Cannot create topic " + name + ": " + e.getCause(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted creating topic " + name, e);
    }
    awaitLeaders(name);
  }

  /** Topic names, internal ones excluded. */
  public Set<String> topics() {
    requireRunning();
    try {
      return admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new FatalException("Cannot list topics: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FatalException("Interrupted listing topics", e);
    }
  }

  // The controller has the topic once createTopics returns; clients need the broker to lead it,
  // and to serve it: see TopicReadiness for what producing earlier does to idempotent
  // producers.
  private void awaitLeaders(String name) {
    TopicReadiness.await(admin, List.of(name), TOPIC_READY_TIMEOUT);
  }

  /** Clean shutdown; data stays in the directory for the next start. Idempotent. */
  @Override
  public void close() {
    if (!state.compareAndSet(State.RUNNING, State.STOPPING)) {
      state.compareAndSet(State.NEW, State.STOPPED);
      return;
    }
    long t0 = System.nanoTime();
    try {
      if (admin != null) {
        admin.close(Duration.ofSeconds(5));
      }
    } finally {
      try {
        node.shutdown();
      } finally {
        state.set(State.STOPPED);
      }
    }
    log.info(
        "Embedded Kafka at {} stopped in {} ms",
        bootstrapServers(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
  }

  private void requireRunning() {
    State s = state.get();
    if (s != State.RUNNING) {
      throw new IllegalStateException("Embedded Kafka is " + s + ", not " + State.RUNNING);
    }
  }

  private void transition(State from, State to) {
    if (!state.compareAndSet(from, to)) {
      throw new IllegalStateException(
          "Embedded Kafka cannot go from "
              + state.get()
              + " to "
              + to
              + " (expected "
              + from
              + ")");
    }
  }

  /** Options of an embedded broker. */
  public static final class Builder {
    private final Path dataDir;
    private int port;
    private final Map<String, String> overrides = new LinkedHashMap<>();

    private Builder(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath();
    }

    /** The client port; 0 (the default) reuses the directory's previous port, or a free one. */
    public Builder port(int port) {
      this.port = SettingChecks.listenPort(port, "port");
      return this;
    }

    /** A broker setting (e.g. {@code log.retention.hours}), applied over the embedded defaults. */
    public Builder config(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      overrides.put(key, value);
      return this;
    }

    public EmbeddedKafka start() {
      return new EmbeddedKafka(this).startNode();
    }
  }
}

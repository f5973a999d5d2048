package dev.tributary.connectors;

import dev.tributary.connectors.internal.DebeziumConsumer;
import dev.tributary.connectors.internal.DebeziumProperties;
import dev.tributary.connectors.internal.DebeziumSettings;
import dev.tributary.connectors.internal.KafkaTransactionOffsets;
import dev.tributary.connectors.internal.Lifecycle;
import dev.tributary.connectors.internal.SourceKind;
import dev.tributary.core.FatalException;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.pipeline.Topics;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the changes of a Postgres, MySQL or MariaDB database into Tributary's change topics: a
 * Debezium engine runs in-process (an initial snapshot, then the log: Postgres' logical replication
 * with {@code pgoutput}, the MySQL / MariaDB binlog), and every row change becomes a DynamoDB
 * Streams-shaped {@code ChangeEvent} on {@code Topics.changeTopic("<schema>.<table>")} (Postgres)
 * or {@code Topics.changeTopic("<database>.<table>")} (MySQL, MariaDB), keyed by the first
 * primary-key column. Each batch and Debezium's offsets are committed in one Kafka transaction.
 * After a crash Debezium may deliver some changes again, with the same SequenceNumber, which the
 * pipeline topology drops; see docs/connectors.md.
 *
 * <pre>{@code
 * try (DebeziumSource source = DebeziumSource.postgres(Map.of("bootstrap.servers", servers))
 *     .sourceId("shop").connection("db.local", 5432, "cdc", password).database("shop")
 *     .tables("public.orders", "public.customers").build().start()) {
 *   ...
 * }
 * }</pre>
 */
public final class DebeziumSource implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DebeziumSource.class);

  private final DebeziumSettings settings;
  private final Lifecycle lifecycle;
  private final Admin admin;
  private final DebeziumConsumer consumer;
  private final DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
  private final Thread thread;

  private DebeziumSource(DebeziumSettings settings) {
    this.settings = settings;
    this.lifecycle = new Lifecycle("Debezium source " + settings.sourceId());
    this.admin = Admin.create(settings.publish().clientConfig());
    this.consumer = new DebeziumConsumer(settings, lifecycle, admin);
    this.engine =
        DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
            .using(DebeziumProperties.of(settings))
            .notifying(consumer)
            .using(this::engineStopped)
            .build();
    this.thread = new Thread(this::run, "tributary-debezium-" + settings.sourceId());
    thread.setDaemon(true);
  }

  /** A source reading a Postgres database through logical replication ({@code pgoutput}). */
  public static Builder postgres(Map<String, ?> kafkaConfig) {
    return new Builder(SourceKind.POSTGRES, kafkaConfig, 5432);
  }

  /** A source reading a MySQL server's binlog. */
  public static Builder mysql(Map<String, ?> kafkaConfig) {
    return new Builder(SourceKind.MYSQL, kafkaConfig, 3306);
  }

  /** A source reading a MariaDB server's binlog (Debezium's MariaDB connector). */
  public static Builder mariadb(Map<String, ?> kafkaConfig) {
    return new Builder(SourceKind.MARIADB, kafkaConfig, 3306);
  }

  /** Starts the engine on the source's own thread; returns this source. */
  public DebeziumSource start() {
    lifecycle.transition(ConnectorState.NEW, ConnectorState.RUNNING);
    thread.start();
    return this;
  }

  public String sourceId() {
    return settings.sourceId();
  }

  public ConnectorState state() {
    return lifecycle.state();
  }

  /** Why the source is FAILED; empty otherwise. */
  public Optional<Throwable> failure() {
    return lifecycle.failure();
  }

  private void run() {
    KafkaTransactionOffsets.register(
        settings.sourceId(),
        new KafkaTransactionOffsets.Registration(
            settings.publish().clientConfig(),
            consumer.checkpoints(),
            settings.checkpointPrefix()));
    try {
      consumer.open();
      engine.run();
    } catch (Throwable t) {
      log.error("Debezium source {} failed", settings.sourceId(), t);
      lifecycle.fail(t instanceof FatalException ? t : new FatalException(t.toString(), t));
    }
  }

  private void engineStopped(boolean success, String message, Throwable error) {
    if (lifecycle.running()) {
      String why = "Debezium engine of source " + settings.sourceId() + " stopped: " + message;
      log.error(why, error);
      lifecycle.fail(new FatalException(why, error));
    }
  }

  /**
   * Stops the engine after the batch in flight is committed, and closes the producer. Idempotent.
   */
  @Override
  public void close() {
    if (lifecycle.tryTransition(ConnectorState.NEW, ConnectorState.STOPPED)) {
      closeClients();
      return;
    }
    lifecycle.tryTransition(ConnectorState.RUNNING, ConnectorState.STOPPING);
    try {
      engine.close();
    } catch (IOException | RuntimeException e) {
      log.warn(
          "Closing the Debezium engine of source {} failed: {}", settings.sourceId(), e.toString());
    }
    try {
      thread.join(Duration.ofSeconds(60).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeClients();
    lifecycle.tryTransition(ConnectorState.STOPPING, ConnectorState.STOPPED);
  }

  private void closeClients() {
    consumer.close();
    admin.close(Duration.ofSeconds(10));
    KafkaTransactionOffsets.unregister(settings.sourceId());
  }

  @Override
  public String toString() {
    return "DebeziumSource["
        + settings.kind().system()
        + ", "
        + settings.sourceId()
        + ", "
        + state()
        + "]";
  }

  /** Settings of a source; each setter rejects a bad value at once. */
  public static final class Builder extends PublishingBuilder<Builder> {
    private final SourceKind kind;
    private String sourceId;
    private String host;
    private int port;
    private String user;
    private String password;
    private String database;
    private final Set<String> tables = new LinkedHashSet<>();
    private boolean initialSnapshot = true;
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Optional<String> heartbeatActionQuery = Optional.empty();
    private final Map<String, String> debeziumProperties = new HashMap<>();

    private Builder(SourceKind kind, Map<String, ?> kafkaConfig, int defaultPort) {
      super(kafkaConfig);
      this.kind = kind;
      this.port = defaultPort;
    }

    /**
     * The source's identity: its transactional id, offsets, replication slot / binlog client id
     * derive from it, so a restarted source must keep it. Required.
     */
    public Builder sourceId(String sourceId) {
      this.sourceId = Topics.legal(sourceId, "sourceId");
      return this;
    }

    /** Where the database listens and whom to connect as. Required. */
    public Builder connection(String host, int port, String user, String password) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = SettingChecks.port(port, "port");
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * The database to read (Postgres: the one the slot belongs to; MySQL: the one captured).
     * Required.
     */
    public Builder database(String database) {
      this.database = Objects.requireNonNull(database, "database");
      return this;
    }

    /**
     * The tables to capture: {@code schema.table} (Postgres) or {@code database.table} (MySQL,
     * MariaDB); default: every table of the database.
     */
    public Builder tables(String... tables) {
      return tables(List.of(tables));
    }

    public Builder tables(Collection<String> tables) {
      for (String t : tables) {
        if (t == null || t.indexOf('.') <= 0 || t.endsWith(".")) {
          throw new IllegalArgumentException(
              "table '" + t + "' must be written <schema or database>.<table>");
        }
        this.tables.add(t);
      }
      return this;
    }

    /** Whether existing rows are read first, as snapshot INSERTs (default true). */
    public Builder initialSnapshot(boolean initialSnapshot) {
      this.initialSnapshot = initialSnapshot;
      return this;
    }

    /**
     * How often Debezium records its position while the captured tables are idle, so the
     * replication slot (Postgres) and the offsets keep up with the log (default 10 s).
     */
    public Builder heartbeatInterval(Duration interval) {
      this.heartbeatInterval = SettingChecks.positive(interval, "heartbeatInterval");
      return this;
    }

    /**
     * A statement run with every heartbeat (Postgres), e.g. an upsert into a heartbeat table in the
     * publication: makes the slot advance even when the whole database is idle.
     */
    public Builder heartbeatActionQuery(String sql) {
      if (Objects.requireNonNull(sql, "sql").isBlank()) {
        throw new IllegalArgumentException("heartbeatActionQuery must not be blank");
      }
      this.heartbeatActionQuery = Optional.of(sql);
      return this;
    }

    /**
     * Any other Debezium connector property (e.g. {@code snapshot.fetch.size}); applied last, so it
     * can override Tributary's choices. Changing the value representation (decimal, time, binary
     * handling modes) changes the attribute types documented in docs/connectors.md.
     */
    public Builder debeziumProperty(String name, String value) {
      debeziumProperties.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    public DebeziumSource build() {
      if (sourceId == null) {
        throw new IllegalStateException("sourceId is required");
      }
      if (host == null) {
        throw new IllegalStateException("connection(host, port, user, password) is required");
      }
      if (database == null) {
        throw new IllegalStateException("database is required");
      }
      return new DebeziumSource(
          new DebeziumSettings(
              kind,
              sourceId,
              publishSettings(),
              host,
              port,
              user,
              password,
              database,
              tables,
              initialSnapshot,
              heartbeatInterval,
              heartbeatActionQuery,
              debeziumProperties));
    }
  }
}

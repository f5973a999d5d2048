package dev.tributary.worker.config.internal;

import static dev.tributary.worker.config.internal.WorkerKeys.ACCESS_KEY;
import static dev.tributary.worker.config.internal.WorkerKeys.ALLOW_ANY_CREDENTIALS;
import static dev.tributary.worker.config.internal.WorkerKeys.BOOTSTRAP_SERVERS;
import static dev.tributary.worker.config.internal.WorkerKeys.CHANGE_TOPIC_PARTITIONS;
import static dev.tributary.worker.config.internal.WorkerKeys.CLASSPATH;
import static dev.tributary.worker.config.internal.WorkerKeys.CONSOLE;
import static dev.tributary.worker.config.internal.WorkerKeys.CONSOLE_ALLOWED_HOSTS;
import static dev.tributary.worker.config.internal.WorkerKeys.CONSOLE_ENABLED;
import static dev.tributary.worker.config.internal.WorkerKeys.CONSOLE_TOKEN;
import static dev.tributary.worker.config.internal.WorkerKeys.CONSOLE_TOKEN_FOR_READS;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_DATABASE;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_HOST;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_PASSWORD;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_PORT;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_PROPERTIES;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_TABLES;
import static dev.tributary.worker.config.internal.WorkerKeys.DB_USER;
import static dev.tributary.worker.config.internal.WorkerKeys.DEBEZIUM;
import static dev.tributary.worker.config.internal.WorkerKeys.DYNAMODB_STREAMS;
import static dev.tributary.worker.config.internal.WorkerKeys.ENDPOINT;
import static dev.tributary.worker.config.internal.WorkerKeys.ENDPOINT_CREDENTIALS;
import static dev.tributary.worker.config.internal.WorkerKeys.ENDPOINT_HOST;
import static dev.tributary.worker.config.internal.WorkerKeys.ENDPOINT_PORT;
import static dev.tributary.worker.config.internal.WorkerKeys.ENGINE;
import static dev.tributary.worker.config.internal.WorkerKeys.ENGINE_DATA_DIR;
import static dev.tributary.worker.config.internal.WorkerKeys.ENGINE_EMBEDDED;
import static dev.tributary.worker.config.internal.WorkerKeys.ENGINE_RELAY;
import static dev.tributary.worker.config.internal.WorkerKeys.ENGINE_REMOTE;
import static dev.tributary.worker.config.internal.WorkerKeys.ENGINE_SYNC;
import static dev.tributary.worker.config.internal.WorkerKeys.HEARTBEAT_INTERVAL;
import static dev.tributary.worker.config.internal.WorkerKeys.HEARTBEAT_QUERY;
import static dev.tributary.worker.config.internal.WorkerKeys.HTTP;
import static dev.tributary.worker.config.internal.WorkerKeys.HTTP_ENABLED;
import static dev.tributary.worker.config.internal.WorkerKeys.HTTP_HOST;
import static dev.tributary.worker.config.internal.WorkerKeys.HTTP_PORT;
import static dev.tributary.worker.config.internal.WorkerKeys.INITIAL_SNAPSHOT;
import static dev.tributary.worker.config.internal.WorkerKeys.KAFKA;
import static dev.tributary.worker.config.internal.WorkerKeys.KAFKA_CLIENT;
import static dev.tributary.worker.config.internal.WorkerKeys.KAFKA_DATA_DIR;
import static dev.tributary.worker.config.internal.WorkerKeys.KAFKA_EMBEDDED;
import static dev.tributary.worker.config.internal.WorkerKeys.KAFKA_PORT;
import static dev.tributary.worker.config.internal.WorkerKeys.LAG_INTERVAL;
import static dev.tributary.worker.config.internal.WorkerKeys.LOGGING;
import static dev.tributary.worker.config.internal.WorkerKeys.LOG_FORMAT;
import static dev.tributary.worker.config.internal.WorkerKeys.LOG_LEVEL;
import static dev.tributary.worker.config.internal.WorkerKeys.PARTITIONS;
import static dev.tributary.worker.config.internal.WorkerKeys.PIPELINES;
import static dev.tributary.worker.config.internal.WorkerKeys.POLL_INTERVAL;
import static dev.tributary.worker.config.internal.WorkerKeys.REGION;
import static dev.tributary.worker.config.internal.WorkerKeys.REMOTE_ENDPOINT;
import static dev.tributary.worker.config.internal.WorkerKeys.ROOT;
import static dev.tributary.worker.config.internal.WorkerKeys.SECRET_KEY;
import static dev.tributary.worker.config.internal.WorkerKeys.SHUTDOWN_TIMEOUT;
import static dev.tributary.worker.config.internal.WorkerKeys.SOURCES;
import static dev.tributary.worker.config.internal.WorkerKeys.SOURCE_ID;
import static dev.tributary.worker.config.internal.WorkerKeys.SOURCE_TYPE;
import static dev.tributary.worker.config.internal.WorkerKeys.STATE_DIR;
import static dev.tributary.worker.config.internal.WorkerKeys.STATIC_MEMBERSHIP;
import static dev.tributary.worker.config.internal.WorkerKeys.STREAMS_ACCESS_KEY;
import static dev.tributary.worker.config.internal.WorkerKeys.STREAMS_ENDPOINT;
import static dev.tributary.worker.config.internal.WorkerKeys.STREAMS_REGION;
import static dev.tributary.worker.config.internal.WorkerKeys.STREAMS_TABLES;
import static dev.tributary.worker.config.internal.WorkerKeys.TABLES;
import static dev.tributary.worker.config.internal.WorkerKeys.WORKER;
import static dev.tributary.worker.config.internal.WorkerKeys.WORKER_ID;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.worker.config.Credentials;
import dev.tributary.worker.config.EngineSettings;
import dev.tributary.worker.config.KafkaSettings;
import dev.tributary.worker.config.SourceSettings;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.config.WorkerSettings;
import dev.tributary.worker.console.internal.HostCheck;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a whole configuration file: every section, every problem (file, line, field) collected and
 * reported together. Relative paths are relative to the file's directory.
 */
public final class ConfigReader {
  private final String file;
  private final Path baseDir;
  private final Function<String, String> env;
  private final boolean probeHandlers;

  public ConfigReader(
      String file, Path baseDir, Function<String, String> env, boolean probeHandlers) {
    this.file = file;
    this.baseDir = baseDir;
    this.env = env;
    this.probeHandlers = probeHandlers;
  }

  public WorkerConfig read(String text) {
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(text);
    } catch (YamlDocument.YamlSyntaxError e) {
      Problems p = new Problems(file, null);
      p.addAt(e.line(), e.column(), "not valid YAML: " + e.getMessage());
      p.throwIfAny();
      throw new AssertionError();
    }
    Problems problems = new Problems(file, doc);
    Node root = Node.root(doc.root(), problems);
    if (!root.isMap()) {
      root.problem("the file must be a map with keys worker, kafka, engine, sources, pipelines");
      problems.throwIfAny();
    }
    EnvSubstitution.apply(doc.root(), env, problems);
    root.allowOnly(ROOT);
    classPath(root.get(CLASSPATH));
    WorkerSettings worker = worker(root.get(WORKER));
    KafkaSettings kafka = kafka(root.get(KAFKA));
    EngineSettings engine = engine(root.get(ENGINE));
    List<SourceSettings> sources = sources(root.get(SOURCES), engine);
    List<Pipeline> pipelines =
        new PipelineReader(problems, probeHandlers, Optional.of(baseDir))
            .readAll(root.get(PIPELINES));
    problems.throwIfAny();
    return new WorkerConfig(file, worker, kafka, engine, sources, pipelines);
  }

  /**
   * {@code lib/*.jar} next to the file, then the {@code classpath:} key's entries (a string or a
   * list).
   */
  private void classPath(Node cp) {
    List<Path> paths = new ArrayList<>(HandlerClassPath.jarsIn(baseDir.resolve("lib")));
    if (cp.present()) {
      List<String> entries = new ArrayList<>();
      if (cp.isList()) {
        for (Node e : cp.elements()) {
          e.text().ifPresent(entries::add);
        }
      } else {
        cp.text().ifPresent(t -> entries.addAll(HandlerClassPath.split(t)));
      }
      cp.attempt(() -> paths.addAll(HandlerClassPath.expand(entries, baseDir)));
    }
    HandlerClassPath.install(paths);
  }

  private Path path(String p) {
    return baseDir.resolve(p).normalize();
  }

  private WorkerSettings worker(Node w) {
    w.allowOnly(WORKER);
    Optional<String> id =
        w.value(WORKER_ID)
            .flatMap(
                i ->
                    w.get(WORKER_ID)
                        .attempt(
                            () -> {
                              if (!i.matches("[a-zA-Z0-9._-]{1,64}")) {
                                throw new IllegalArgumentException(
                                    "'" + i + "' must be 1-64 characters of [a-zA-Z0-9._-]");
                              }
                              return i;
                            }));
    Path stateDir = path(w.valueOr(STATE_DIR));
    Duration shutdown = positive(w, SHUTDOWN_TIMEOUT);
    boolean staticMembership = w.valueOr(STATIC_MEMBERSHIP);
    Node http = w.get(HTTP).allowOnly(HTTP);
    String host = http.valueOr(HTTP_HOST);
    int port = http.valueOr(HTTP_PORT);
    if (!http.valueOr(HTTP_ENABLED)) {
      port = -1;
    }
    Node logging = w.get(LOGGING).allowOnly(LOGGING);
    String format = logging.valueOr(LOG_FORMAT);
    String level = logging.valueOr(LOG_LEVEL);
    Duration lag = positive(w, LAG_INTERVAL);
    Node console = w.get(CONSOLE).allowOnly(CONSOLE);
    boolean consoleEnabled = console.valueOr(CONSOLE_ENABLED);
    Optional<String> token =
        console
            .value(CONSOLE_TOKEN)
            .flatMap(
                t ->
                    console
                        .get(CONSOLE_TOKEN)
                        .attempt(
                            () -> {
                              if (t.length() < 16) {
                                throw new IllegalArgumentException(
                                    "must be at least 16 characters (it guards redrive and replay)");
                              }
                              return t;
                            }));
    List<String> allowedHosts = new ArrayList<>();
    for (Node h : console.get(CONSOLE_ALLOWED_HOSTS).elements()) {
      h.text().flatMap(x -> h.attempt(() -> HostCheck.entry(x))).ifPresent(allowedHosts::add);
    }
    if (allowedHosts.contains(HostCheck.ANY) && allowedHosts.size() > 1) {
      console
          .get(CONSOLE_ALLOWED_HOSTS)
          .problem("'*' turns the Host check off and stands alone; remove the other names");
    }
    boolean tokenForReads = console.valueOr(CONSOLE_TOKEN_FOR_READS);
    if (tokenForReads && !console.get(CONSOLE_TOKEN).present()) {
      console
          .get(CONSOLE_TOKEN_FOR_READS)
          .problem("needs worker.console.token (the token that reads will need)");
    }
    return new WorkerSettings(
        id,
        stateDir,
        shutdown,
        staticMembership,
        host,
        port,
        format,
        level,
        lag,
        consoleEnabled,
        token,
        allowedHosts,
        tokenForReads);
  }

  /**
   * The declared duration under {@code parent}, which must be positive; its default when absent or
   * not.
   */
  private static Duration positive(Node parent, ConfigKey<Duration> key) {
    Node n = parent.get(key);
    Duration otherwise = key.defaultValue().orElseThrow();
    Optional<Duration> d = n.duration();
    if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
      n.problem("must be positive");
      return otherwise;
    }
    return d.orElse(otherwise);
  }

  private KafkaSettings kafka(Node k) {
    k.allowOnly(KAFKA);
    Node embedded = k.get(KAFKA_EMBEDDED).allowOnly(KAFKA_EMBEDDED);
    Optional<String> servers = k.value(BOOTSTRAP_SERVERS);
    int partitions = k.valueOr(PARTITIONS);
    Map<String, String> client = new LinkedHashMap<>();
    k.get(KAFKA_CLIENT).fields().forEach((key, v) -> v.text().ifPresent(t -> client.put(key, t)));
    if (servers.isPresent()) {
      if (embedded.present()) {
        k.get(KAFKA_EMBEDDED).problem("give either 'embedded' or 'bootstrap-servers', not both");
      }
      if (servers.get().isBlank()) {
        k.get(BOOTSTRAP_SERVERS).problem("must name at least one broker");
      }
      return new KafkaSettings(Optional.empty(), 0, servers, client, partitions);
    }
    Path dir = path(embedded.valueOr(KAFKA_DATA_DIR));
    int port = embedded.valueOr(KAFKA_PORT);
    return new KafkaSettings(Optional.of(dir), port, Optional.empty(), client, partitions);
  }

  private EngineSettings engine(Node e) {
    if (!e.present()) {
      return EngineSettings.NONE;
    }
    e.allowOnly(ENGINE);
    Node emb = e.get(ENGINE_EMBEDDED);
    Node remote = e.get(ENGINE_REMOTE);
    if (emb.present() == remote.present()) {
      e.problem("give either 'embedded' or 'remote'");
      return EngineSettings.NONE;
    }
    if (emb.present()) {
      emb.allowOnly(ENGINE_EMBEDDED);
      Path dir = path(emb.valueOr(ENGINE_DATA_DIR));
      boolean sync = emb.valueOr(ENGINE_SYNC);
      Node ep = emb.get(ENDPOINT);
      Optional<EngineSettings.Endpoint> endpoint = Optional.empty();
      if (ep.present()) {
        ep.allowOnly(ENDPOINT);
        List<Credentials> creds = new ArrayList<>();
        for (Node c : ep.get(ENDPOINT_CREDENTIALS).elements()) {
          credentials(c).ifPresent(creds::add);
        }
        boolean any = ep.valueOr(ALLOW_ANY_CREDENTIALS);
        if (creds.isEmpty() && !any) {
          ep.problem(
              "needs 'credentials' (access-key and secret-key) or 'allow-any-credentials: true'");
        }
        endpoint =
            Optional.of(
                new EngineSettings.Endpoint(
                    ep.valueOr(ENDPOINT_HOST), ep.valueOr(ENDPOINT_PORT), creds, any));
      }
      return new EngineSettings(
          EngineSettings.Mode.EMBEDDED,
          Optional.of(dir),
          sync,
          endpoint,
          Optional.empty(),
          REGION.defaultValue().orElseThrow(),
          Optional.empty(),
          TableReader.tables(emb.get(TABLES)));
    }
    remote.allowOnly(ENGINE_REMOTE);
    Optional<URI> uri = uri(remote.get(REMOTE_ENDPOINT), true);
    String region = remote.valueOr(REGION);
    Optional<Credentials> creds =
        remote.get(ACCESS_KEY).present() || remote.get(SECRET_KEY).present()
            ? credentials(remote)
            : Optional.empty();
    return new EngineSettings(
        EngineSettings.Mode.REMOTE,
        Optional.empty(),
        true,
        Optional.empty(),
        uri,
        region,
        creds,
        List.of());
  }

  private static Optional<Credentials> credentials(Node c) {
    if (c.isScalar()) {
      Optional<String> t = c.text();
      int colon = t.map(s -> s.indexOf(':')).orElse(-1);
      if (colon <= 0 || colon == t.get().length() - 1) {
        c.problem("must be KEY:SECRET or a map with access-key and secret-key");
        return Optional.empty();
      }
      return c.attempt(
          () -> new Credentials(t.get().substring(0, colon), t.get().substring(colon + 1)));
    }
    Optional<String> key = c.get(ACCESS_KEY).requiredText();
    Optional<String> secret = c.get(SECRET_KEY).requiredText();
    if (key.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return c.attempt(() -> new Credentials(key.get(), secret.get()));
  }

  private static Optional<URI> uri(Node n, boolean required) {
    Optional<String> t = required ? n.requiredText() : n.text();
    return t.flatMap(
        s ->
            n.attempt(
                () -> {
                  URI u = URI.create(s);
                  if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException(
                        "'" + s + "' must be a URL such as http://127.0.0.1:8000");
                  }
                  return u;
                }));
  }

  private List<SourceSettings> sources(Node s, EngineSettings engine) {
    List<SourceSettings> out = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    if (s.present() && !s.isList()) {
      s.problem("must be a list of sources");
      return out;
    }
    for (Node n : s.elements()) {
      Optional<String> type = n.get(SOURCE_TYPE).requiredText();
      Optional<String> id =
          n.value(SOURCE_ID)
              .or(SOURCE_ID::defaultValue)
              .flatMap(i -> n.get(SOURCE_ID).attempt(() -> Topics.legal(i, "source id")));
      if (type.isEmpty() || id.isEmpty()) {
        continue;
      }
      if (!ids.add(type.get() + "/" + id.get())) {
        n.get(SOURCE_ID)
            .problem(
                "two sources of type "
                    + type.get()
                    + " have id '"
                    + id.get()
                    + "'; give each its own id");
      }
      Optional<Integer> partitions = n.value(CHANGE_TOPIC_PARTITIONS);
      switch (type.get()) {
        case "engine-relay" -> {
          n.allowOnly(ENGINE_RELAY);
          if (engine.mode() != EngineSettings.Mode.EMBEDDED) {
            n.get(SOURCE_TYPE)
                .problem(
                    "an engine-relay needs 'engine.embedded' (a remote engine is read with type dynamodb-streams)");
          }
          out.add(new SourceSettings.EngineRelay(id.get(), partitions));
        }
        case "dynamodb-streams" -> {
          n.allowOnly(DYNAMODB_STREAMS);
          Optional<URI> endpoint = uri(n.get(STREAMS_ENDPOINT), false).or(engine::remoteEndpoint);
          String region = n.value(STREAMS_REGION).orElse(engine.region());
          Optional<Credentials> creds =
              n.get(STREAMS_ACCESS_KEY).present() || n.get(SECRET_KEY).present()
                  ? credentials(n)
                  : engine.remoteCredentials();
          Set<String> tables = new LinkedHashSet<>();
          n.get(STREAMS_TABLES)
              .elements()
              .forEach(
                  t ->
                      t.text()
                          .flatMap(x -> t.attempt(() -> Topics.legal(x, "table")))
                          .ifPresent(tables::add));
          Duration poll = positive(n, POLL_INTERVAL);
          out.add(
              new SourceSettings.DynamoDbStreams(
                  id.get(), endpoint, region, creds, tables, poll, partitions));
        }
        case "debezium-postgres", "debezium-mysql", "debezium-mariadb" ->
            debezium(n, type.get(), id.get(), partitions).ifPresent(out::add);
        default ->
            n.get(SOURCE_TYPE)
                .problem(
                    "unknown source type '"
                        + type.get()
                        + "'; known types: "
                        + SOURCE_TYPE.choices());
      }
    }
    return out;
  }

  private Optional<SourceSettings> debezium(
      Node n, String type, String id, Optional<Integer> partitions) {
    n.allowOnly(DEBEZIUM);
    Optional<String> host = n.get(DB_HOST).requiredText();
    Optional<Integer> port = n.value(DB_PORT);
    Optional<String> user = n.get(DB_USER).requiredText();
    Optional<String> password = n.get(DB_PASSWORD).requiredText();
    Optional<String> database = n.get(DB_DATABASE).requiredText();
    Set<String> tables = new LinkedHashSet<>();
    for (Node t : n.get(DB_TABLES).elements()) {
      t.text()
          .ifPresent(
              x -> {
                if (x.indexOf('.') <= 0 || x.endsWith(".")) {
                  t.problem("table '" + x + "' must be written <schema or database>.<table>");
                } else {
                  tables.add(x);
                }
              });
    }
    boolean snapshot = n.valueOr(INITIAL_SNAPSHOT);
    // absent: Debezium's own heartbeat default (documented as the key's default)
    Optional<Duration> heartbeat =
        n.get(HEARTBEAT_INTERVAL).present()
            ? Optional.of(positive(n, HEARTBEAT_INTERVAL))
            : Optional.empty();
    Optional<String> hbQuery = n.value(HEARTBEAT_QUERY);
    Map<String, String> properties = new LinkedHashMap<>();
    n.get(DB_PROPERTIES).fields().forEach((k, v) -> v.text().ifPresent(x -> properties.put(k, x)));
    if (host.isEmpty() || user.isEmpty() || password.isEmpty() || database.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceSettings.Debezium(
            type,
            id,
            host.get(),
            port,
            user.get(),
            password.get(),
            database.get(),
            tables,
            snapshot,
            heartbeat,
            hbQuery,
            partitions,
            properties));
  }
}

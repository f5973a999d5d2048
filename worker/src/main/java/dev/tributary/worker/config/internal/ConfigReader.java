package dev.tributary.worker.config.internal;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.worker.config.Credentials;
import dev.tributary.worker.config.EngineSettings;
import dev.tributary.worker.config.KafkaSettings;
import dev.tributary.worker.config.SourceSettings;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.config.WorkerSettings;
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
 * Reads a whole configuration file: every section, every problem (file, line, field) collected
 * and reported together. Relative paths are relative to the file's directory.
 */
public final class ConfigReader {
  private final String file;
  private final Path baseDir;
  private final Function<String, String> env;
  private final boolean probeHandlers;

  public ConfigReader(String file, Path baseDir, Function<String, String> env, boolean probeHandlers) {
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
    root.allowOnly("worker", "kafka", "engine", "sources", "pipelines", "classpath");
    classPath(root.get("classpath"));
    WorkerSettings worker = worker(root.get("worker"));
    KafkaSettings kafka = kafka(root.get("kafka"));
    EngineSettings engine = engine(root.get("engine"));
    List<SourceSettings> sources = sources(root.get("sources"), engine);
    List<Pipeline> pipelines = new PipelineReader(problems, probeHandlers, Optional.of(baseDir)).readAll(root.get("pipelines"));
    problems.throwIfAny();
    return new WorkerConfig(file, worker, kafka, engine, sources, pipelines);
  }

  /** {@code lib/*.jar} next to the file, then the {@code classpath:} key's entries (a string or a list). */
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
    w.allowOnly("id", "state-dir", "shutdown-timeout", "static-membership", "http", "logging", "lag-interval");
    Optional<String> id = w.get("id").text().flatMap(i -> w.get("id").attempt(() -> {
      if (!i.matches("[a-zA-Z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("'" + i + "' must be 1-64 characters of [a-zA-Z0-9._-]");
      }
      return i;
    }));
    Path stateDir = path(w.get("state-dir").text().orElse("data/state"));
    Duration shutdown = positive(w.get("shutdown-timeout"), Duration.ofSeconds(30));
    boolean staticMembership = w.get("static-membership").bool().orElse(false);
    Node http = w.get("http").allowOnly("host", "port", "enabled");
    String host = http.get("host").text().orElse("0.0.0.0");
    int port = http.get("port").integer(0, 65_535).orElse(9464);
    if (!http.get("enabled").bool().orElse(true)) {
      port = -1;
    }
    Node logging = w.get("logging").allowOnly("format", "level");
    String format = logging.get("format").oneOf("text", "json").orElse("text");
    String level = logging.get("level").oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR").orElse("INFO");
    Duration lag = positive(w.get("lag-interval"), Duration.ofSeconds(10));
    return new WorkerSettings(id, stateDir, shutdown, staticMembership, host, port, format, level, lag);
  }

  private static Duration positive(Node n, Duration otherwise) {
    Optional<Duration> d = n.duration();
    if (d.isPresent() && (d.get().isNegative() || d.get().isZero())) {
      n.problem("must be positive");
      return otherwise;
    }
    return d.orElse(otherwise);
  }

  private KafkaSettings kafka(Node k) {
    k.allowOnly("embedded", "bootstrap-servers", "client", "partitions");
    Node embedded = k.get("embedded").allowOnly("data-dir", "port");
    Optional<String> servers = k.get("bootstrap-servers").text();
    int partitions = k.get("partitions").integer(1, 10_000).orElse(8);
    Map<String, String> client = new LinkedHashMap<>();
    k.get("client").fields().forEach((key, v) -> v.text().ifPresent(t -> client.put(key, t)));
    if (servers.isPresent()) {
      if (embedded.present()) {
        k.get("embedded").problem("give either 'embedded' or 'bootstrap-servers', not both");
      }
      if (servers.get().isBlank()) {
        k.get("bootstrap-servers").problem("must name at least one broker");
      }
      return new KafkaSettings(Optional.empty(), 0, servers, client, partitions);
    }
    Path dir = path(embedded.get("data-dir").text().orElse("data/kafka"));
    int port = embedded.get("port").integer(0, 65_535).orElse(0);
    return new KafkaSettings(Optional.of(dir), port, Optional.empty(), client, partitions);
  }

  private EngineSettings engine(Node e) {
    if (!e.present()) {
      return EngineSettings.NONE;
    }
    e.allowOnly("embedded", "remote");
    Node emb = e.get("embedded");
    Node remote = e.get("remote");
    if (emb.present() == remote.present()) {
      e.problem("give either 'embedded' or 'remote'");
      return EngineSettings.NONE;
    }
    if (emb.present()) {
      emb.allowOnly("data-dir", "sync", "endpoint", "tables");
      Path dir = path(emb.get("data-dir").text().orElse("data/engine"));
      boolean sync = emb.get("sync").bool().orElse(true);
      Node ep = emb.get("endpoint");
      Optional<EngineSettings.Endpoint> endpoint = Optional.empty();
      if (ep.present()) {
        ep.allowOnly("host", "port", "credentials", "allow-any-credentials");
        List<Credentials> creds = new ArrayList<>();
        for (Node c : ep.get("credentials").elements()) {
          credentials(c).ifPresent(creds::add);
        }
        boolean any = ep.get("allow-any-credentials").bool().orElse(false);
        if (creds.isEmpty() && !any) {
          ep.problem("needs 'credentials' (access-key and secret-key) or 'allow-any-credentials: true'");
        }
        endpoint = Optional.of(new EngineSettings.Endpoint(
            ep.get("host").text().orElse("127.0.0.1"), ep.get("port").integer(0, 65_535).orElse(8000), creds, any));
      }
      return new EngineSettings(EngineSettings.Mode.EMBEDDED, Optional.of(dir), sync, endpoint,
          Optional.empty(), "us-east-1", Optional.empty(), TableReader.tables(emb.get("tables")));
    }
    remote.allowOnly("endpoint", "region", "access-key", "secret-key");
    Optional<URI> uri = uri(remote.get("endpoint"), true);
    String region = remote.get("region").text().orElse("us-east-1");
    Optional<Credentials> creds = remote.get("access-key").present() || remote.get("secret-key").present()
        ? credentials(remote) : Optional.empty();
    return new EngineSettings(EngineSettings.Mode.REMOTE, Optional.empty(), true, Optional.empty(), uri, region, creds,
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
      return c.attempt(() -> new Credentials(t.get().substring(0, colon), t.get().substring(colon + 1)));
    }
    Optional<String> key = c.get("access-key").requiredText();
    Optional<String> secret = c.get("secret-key").requiredText();
    if (key.isEmpty() || secret.isEmpty()) {
      return Optional.empty();
    }
    return c.attempt(() -> new Credentials(key.get(), secret.get()));
  }

  private static Optional<URI> uri(Node n, boolean required) {
    Optional<String> t = required ? n.requiredText() : n.text();
    return t.flatMap(s -> n.attempt(() -> {
      URI u = URI.create(s);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new IllegalArgumentException("'" + s + "' must be a URL such as http://127.0.0.1:8000");
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
      Optional<String> type = n.get("type").requiredText();
      Optional<String> id = n.get("id").text().or(() -> Optional.of("default"))
          .flatMap(i -> n.get("id").attempt(() -> Topics.legal(i, "source id")));
      if (type.isEmpty() || id.isEmpty()) {
        continue;
      }
      if (!ids.add(type.get() + "/" + id.get())) {
        n.get("id").problem("two sources of type " + type.get() + " have id '" + id.get() + "'; give each its own id");
      }
      Optional<Integer> partitions = n.get("change-topic-partitions").integer(1, 10_000);
      switch (type.get()) {
        case "engine-relay" -> {
          n.allowOnly("type", "id", "change-topic-partitions");
          if (engine.mode() != EngineSettings.Mode.EMBEDDED) {
            n.get("type").problem("an engine-relay needs 'engine.embedded' (a remote engine is read with type dynamodb-streams)");
          }
          out.add(new SourceSettings.EngineRelay(id.get(), partitions));
        }
        case "dynamodb-streams" -> {
          n.allowOnly("type", "id", "endpoint", "region", "access-key", "secret-key", "tables", "poll-interval",
              "change-topic-partitions");
          Optional<URI> endpoint = uri(n.get("endpoint"), false).or(engine::remoteEndpoint);
          String region = n.get("region").text().orElse(engine.region());
          Optional<Credentials> creds = n.get("access-key").present() || n.get("secret-key").present()
              ? credentials(n) : engine.remoteCredentials();
          Set<String> tables = new LinkedHashSet<>();
          n.get("tables").elements().forEach(t -> t.text().flatMap(x -> t.attempt(() -> Topics.legal(x, "table"))).ifPresent(tables::add));
          Duration poll = positive(n.get("poll-interval"), Duration.ofMillis(250));
          out.add(new SourceSettings.DynamoDbStreams(id.get(), endpoint, region, creds, tables, poll, partitions));
        }
        case "debezium-postgres", "debezium-mysql", "debezium-mariadb" -> debezium(n, type.get(), id.get(), partitions)
            .ifPresent(out::add);
        default -> n.get("type").problem("unknown source type '" + type.get() + "'; known types: "
            + List.of("engine-relay", "dynamodb-streams", "debezium-postgres", "debezium-mysql", "debezium-mariadb"));
      }
    }
    return out;
  }

  private Optional<SourceSettings> debezium(Node n, String type, String id, Optional<Integer> partitions) {
    n.allowOnly("type", "id", "host", "port", "user", "password", "database", "tables", "initial-snapshot",
        "heartbeat-interval", "heartbeat-action-query", "change-topic-partitions", "properties");
    Optional<String> host = n.get("host").requiredText();
    Optional<Integer> port = n.get("port").integer(1, 65535);
    Optional<String> user = n.get("user").requiredText();
    Optional<String> password = n.get("password").requiredText();
    Optional<String> database = n.get("database").requiredText();
    Set<String> tables = new LinkedHashSet<>();
    for (Node t : n.get("tables").elements()) {
      t.text().ifPresent(x -> {
        if (x.indexOf('.') <= 0 || x.endsWith(".")) {
          t.problem("table '" + x + "' must be written <schema or database>.<table>");
        } else {
          tables.add(x);
        }
      });
    }
    boolean snapshot = n.get("initial-snapshot").bool().orElse(true);
    Node hb = n.get("heartbeat-interval");
    Optional<Duration> heartbeat = hb.present() ? Optional.of(positive(hb, Duration.ofSeconds(10))) : Optional.empty();
    Optional<String> hbQuery = n.get("heartbeat-action-query").text();
    Map<String, String> properties = new LinkedHashMap<>();
    n.get("properties").fields().forEach((k, v) -> v.text().ifPresent(x -> properties.put(k, x)));
    if (host.isEmpty() || user.isEmpty() || password.isEmpty() || database.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new SourceSettings.Debezium(type, id, host.get(), port, user.get(), password.get(),
        database.get(), tables, snapshot, heartbeat, hbQuery, partitions, properties));
  }
}

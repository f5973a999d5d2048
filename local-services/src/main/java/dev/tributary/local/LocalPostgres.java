package dev.tributary.local;

import dev.tributary.local.internal.Commands;
import dev.tributary.local.internal.DatabaseProcess;
import dev.tributary.local.internal.ProcessTrees;
import dev.tributary.local.internal.SharedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Postgres from Debian's {@code postgresql} package ({@code /usr/lib/postgresql/<version>}),
 * initialised in a run directory that every start empties, with {@code wal_level=logical} (what
 * logical replication and Debezium need), listening on a free loopback port. Postgres refuses root,
 * so as root it runs as the system user {@value #SERVER_USER}, created on first use.
 *
 * <pre>{@code
 * try (LocalPostgres pg = LocalPostgres.builder().runDirectory(Path.of("data/postgres")).start()) {
 *   pg.createDatabase("shop");
 *   try (Connection c = pg.connect("shop")) { ... }   // needs the Postgres JDBC driver
 * }
 * }</pre>
 *
 * Tests share one server per JVM with {@link #shared()}.
 */
public final class LocalPostgres implements AutoCloseable {
  /** The unprivileged user the server runs as when this JVM is root. */
  public static final String SERVER_USER = "tributary-db";

  /** System property naming the run directory of {@link #shared()}. */
  public static final String RUN_PROPERTY = "tributary.postgres.run";

  private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
  private static final Path INSTALL_ROOT = Paths.get("/usr/lib/postgresql");
  private static final Path STAGING = Paths.get("/var/tmp/tributary-postgres");
  private static final SharedServer<LocalPostgres> SHARED =
      new SharedServer<>(LocalPostgres::startShared, LocalPostgres::close, "postgres-stop");

  private final Path bin;
  private final DatabaseProcess server;

  private LocalPostgres(Builder b) {
    this.bin = requireBin();
    this.server =
        new DatabaseProcess("Postgres", b.run, STAGING, SERVER_USER, b.port, b.startTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server every caller in this JVM shares (tests across classes), started on first use in
   * {@value #RUN_PROPERTY} (default {@code target/postgres-run}); a shutdown hook stops it.
   */
  public static LocalPostgres shared() {
    return SHARED.get();
  }

  private static LocalPostgres startShared() {
    return builder()
        .runDirectory(Paths.get(System.getProperty(RUN_PROPERTY, "target/postgres-run")))
        .start();
  }

  /** Whether Debian's {@code postgresql} package is installed. */
  public static boolean installed() {
    return locateBin().isPresent();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return server.port();
  }

  /** The superuser to connect as (password authentication is not checked on loopback). */
  public String user() {
    return "postgres";
  }

  public String password() {
    return "postgres";
  }

  /** The server's major version, e.g. {@code 15}. */
  public String version() {
    return bin.getParent().getFileName().toString();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
  }

  /** A JDBC connection as {@link #user()}; the Postgres JDBC driver must be on the class path. */
  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user());
    p.setProperty("password", password());
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  /** Creates a fresh database (dropping one of that name, and its connections, first). */
  public void createDatabase(String name) {
    psql("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    psql("CREATE DATABASE \"" + name + "\"");
  }

  private void psql(String sql) {
    try {
      Commands.run(
          server.run().resolve("psql.log"),
          List.of(
              bin.resolve("psql").toString(),
              "-X",
              "-q",
              "-v",
              "ON_ERROR_STOP=1",
              "-h",
              host(),
              "-p",
              Integer.toString(port()),
              "-U",
              user(),
              "-d",
              "postgres",
              "-c",
              sql));
    } catch (IOException e) {
      throw new UncheckedIOException("psql failed: " + sql, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running psql", e);
    }
  }

  private LocalPostgres startServer() {
    server.start(this::install, this::close, "from " + bin + " in {run}");
    return this;
  }

  private void install(DatabaseProcess server) throws IOException, InterruptedException {
    Path run = server.run();
    Path data = run.resolve("data");
    Path logFile = run.resolve("postgres.log");
    ProcessTrees.stopStale(data.resolve("postmaster.pid"), "postgres", 30);
    Commands.reset(run);
    Files.createDirectories(run.resolve("socket"));
    Files.writeString(run.resolve("pwfile"), password() + "\n");
    server.ownRun();
    long t0 = System.nanoTime();
    Commands.run(
        logFile,
        server.asServerUser(
            List.of(
                bin.resolve("initdb").toString(),
                "-D",
                data.toString(),
                "-U",
                user(),
                "--pwfile=" + run.resolve("pwfile"),
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync")));
    int port = server.choosePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(bin.resolve("postgres").toString());
    cmd.addAll(List.of("-D", data.toString(), "-p", Integer.toString(port)));
    for (String setting :
        List.of(
            "listen_addresses=127.0.0.1",
            "unix_socket_directories=" + run.resolve("socket"),
            "wal_level=logical",
            "max_replication_slots=20",
            "max_wal_senders=20",
            "max_connections=100",
            // a throwaway server: durability traded for speed
            "fsync=off",
            "synchronous_commit=off",
            "full_page_writes=off",
            "shared_buffers=64MB")) {
      cmd.add("-c");
      cmd.add(setting);
    }
    server.launch(cmd, logFile);
    List<String> probe =
        List.of(
            bin.resolve("pg_isready").toString(),
            "-q",
            "-h",
            host(),
            "-p",
            Integer.toString(port),
            "-U",
            user());
    server.awaitReady(probe, run.resolve("pg_isready.log"), logFile);
    log.info(
        "Postgres {} up on port {} in {} ms",
        version(),
        port,
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
  }

  /** Fast shutdown (clients, replication included, are disconnected); safe to call twice. */
  @Override
  public synchronized void close() {
    server.stop(this::stopFast);
  }

  private void stopFast() {
    Path run = server.run();
    try {
      Commands.exitCode(
          run.resolve("postgres.log"),
          server.asServerUser(
              List.of(
                  bin.resolve("pg_ctl").toString(),
                  "stop",
                  "-D",
                  run.resolve("data").toString(),
                  "-m",
                  "fast",
                  "-w")));
    } catch (IOException | RuntimeException e) {
      // fall through to stopping the process tree
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "LocalPostgres[" + version() + ", " + host() + ":" + port() + "]";
  }

  private static Path requireBin() {
    return locateBin()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "No Postgres under "
                        + INSTALL_ROOT
                        + "; install Debian's postgresql package (apt-get install postgresql)"));
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} holding a server. */
  private static Optional<Path> locateBin() {
    if (!Files.isDirectory(INSTALL_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
          .max(
              Comparator.comparingInt(
                  v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
          .map(v -> v.resolve("bin"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder extends DatabaseBuilder<Builder> {
    private Builder() {
      super(Paths.get("target/postgres-run"));
    }

    @Override
    Builder self() {
      return this;
    }

    /** Initialises and starts the server; it accepts connections when this returns. */
    public LocalPostgres start() {
      return new LocalPostgres(this).startServer();
    }
  }
}

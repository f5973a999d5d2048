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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB from Debian's {@code mariadb-server} package, installed into a run directory that
 * every start empties ({@code mariadb-install-db}) and started on a free loopback port with its own
 * socket, the binary log in ROW format and full row images (what Debezium needs), and a user {@link
 * #user()} with every privilege. As root it runs as the system user {@value #SERVER_USER}.
 *
 * <pre>{@code
 * try (LocalMariaDb db = LocalMariaDb.builder().runDirectory(Path.of("data/mariadb")).start()) {
 *   db.createDatabase("shop");
 * }
 * }</pre>
 *
 * Tests share one server per JVM with {@link #shared()}.
 */
public final class LocalMariaDb implements AutoCloseable {
  /** The unprivileged user the server runs as when this JVM is root. */
  public static final String SERVER_USER = LocalPostgres.SERVER_USER;

  /** System property naming the run directory of {@link #shared()}. */
  public static final String RUN_PROPERTY = "tributary.mariadb.run";

  private static final Logger log = LoggerFactory.getLogger(LocalMariaDb.class);
  private static final Path STAGING = Paths.get("/var/tmp/tributary-mariadb");
  private static final SharedServer<LocalMariaDb> SHARED =
      new SharedServer<>(LocalMariaDb::startShared, LocalMariaDb::close, "mariadb-stop");

  private final DatabaseProcess server;

  private LocalMariaDb(Builder b) {
    this.server =
        new DatabaseProcess("MariaDB", b.run, STAGING, SERVER_USER, b.port, b.startTimeout);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server every caller in this JVM shares, started on first use in {@value #RUN_PROPERTY}
   * (default {@code target/mariadb-run}); a shutdown hook stops it.
   */
  public static LocalMariaDb shared() {
    return SHARED.get();
  }

  private static LocalMariaDb startShared() {
    return builder()
        .runDirectory(Paths.get(System.getProperty(RUN_PROPERTY, "target/mariadb-run")))
        .start();
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return server.port();
  }

  /** A user with every privilege, replication included. */
  public String user() {
    return "tributary";
  }

  public String password() {
    return "tributary";
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + host() + ":" + port() + "/" + database;
  }

  /** A JDBC connection as {@link #user()}; the MariaDB JDBC driver must be on the class path. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user(), password());
  }

  /** Creates a fresh database (dropping one of that name first). */
  public void createDatabase(String name) {
    try {
      Commands.run(
          server.run().resolve("client.log"),
          client(
              user(),
              password(),
              "DROP DATABASE IF EXISTS `" + name + "`; CREATE DATABASE `" + name + "`"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create database " + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating database " + name, e);
    }
  }

  private List<String> client(String user, String password, String sql) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "mariadb",
                "--no-defaults",
                "--protocol=TCP",
                "-h",
                host(),
                "-P",
                Integer.toString(port()),
                "-u",
                user));
    if (!password.isEmpty()) {
      cmd.add("--password=" + password);
    }
    cmd.addAll(List.of("-e", sql));
    return cmd;
  }

  private LocalMariaDb startServer() {
    server.start(this::install, this::close, "in {run}");
    return this;
  }

  private void install(DatabaseProcess server) throws IOException, InterruptedException {
    Path run = server.run();
    Path data = run.resolve("data");
    Path logFile = run.resolve("mariadb.log");
    ProcessTrees.stopStale(run.resolve("mariadb.pid"), "mariadbd", 30);
    Commands.reset(run);
    Files.createDirectories(run.resolve("binlog"));
    Files.createDirectories(run.resolve("tmp"));
    server.ownRun();
    long t0 = System.nanoTime();
    Commands.run(
        logFile,
        server.asServerUser(
            List.of(
                "mariadb-install-db",
                "--no-defaults",
                "--datadir=" + data,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
                "--skip-name-resolve")));
    int port = server.choosePort();
    server.launch(
        List.of(
            "mariadbd",
            "--no-defaults",
            "--datadir=" + data,
            "--socket=" + run.resolve("mariadb.sock"),
            "--port=" + port,
            "--bind-address=127.0.0.1",
            "--pid-file=" + run.resolve("mariadb.pid"),
            "--tmpdir=" + run.resolve("tmp"),
            "--skip-name-resolve",
            "--log-bin=" + run.resolve("binlog/mariadb-bin"),
            "--binlog-format=ROW",
            "--binlog-row-image=FULL",
            "--server-id=1",
            // a throwaway server: durability traded for speed
            "--innodb-flush-log-at-trx-commit=2",
            "--sync-binlog=0",
            "--innodb-buffer-pool-size=64M",
            "--log-error=" + run.resolve("mariadbd.err")),
        logFile);
    // Waits for the server, then creates user() (root has no password until then).
    List<String> createUser =
        client(
            "root",
            "",
            "CREATE USER IF NOT EXISTS '"
                + user()
                + "'@'%' IDENTIFIED BY '"
                + password()
                + "'; "
                + "GRANT ALL PRIVILEGES ON *.* TO '"
                + user()
                + "'@'%' WITH GRANT OPTION");
    server.awaitReady(createUser, run.resolve("client.log"), run.resolve("mariadbd.err"));
    log.info(
        "MariaDB up on port {} in {} ms",
        port,
        Duration.ofNanos(System.nanoTime() - t0).toMillis());
  }

  /** SIGTERM: mariadbd shuts down cleanly; safe to call twice. */
  @Override
  public synchronized void close() {
    server.stop(() -> {});
  }

  @Override
  public String toString() {
    return "LocalMariaDb[" + host() + ":" + port() + "]";
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder extends DatabaseBuilder<Builder> {
    private Builder() {
      super(Paths.get("target/mariadb-run"));
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Installs and starts the server; it accepts connections as {@link #user()} when this returns.
     */
    public LocalMariaDb start() {
      return new LocalMariaDb(this).startServer();
    }
  }
}

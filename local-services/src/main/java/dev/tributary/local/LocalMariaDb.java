package dev.tributary.local;

import dev.tributary.local.internal.Commands;
import dev.tributary.local.internal.ProcessTrees;
import dev.tributary.local.internal.SettingChecks;
import dev.tributary.local.internal.UnprivilegedUser;
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
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB from Debian's {@code mariadb-server} package, installed into a run directory that
 * every start empties ({@code mariadb-install-db}) and started on a free loopback port with its own
 * socket, the binary log in ROW format and full row images (what Debezium needs), and a user
 * {@link #user()} with every privilege. As root it runs as the system user {@value #SERVER_USER}.
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
  private static LocalMariaDb shared;

  private final Path requestedRun;
  private Path run;
  private final Duration startTimeout;
  private final UnprivilegedUser serverUser = new UnprivilegedUser(SERVER_USER);
  private Process process;
  private int port;

  private LocalMariaDb(Builder b) {
    this.requestedRun = b.run.toAbsolutePath();
    this.run = requestedRun;
    this.startTimeout = b.startTimeout;
    this.port = b.port;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server every caller in this JVM shares, started on first use in {@value #RUN_PROPERTY}
   * (default {@code target/mariadb-run}); a shutdown hook stops it.
   */
  public static synchronized LocalMariaDb shared() {
    if (shared == null) {
      LocalMariaDb s =
          builder().runDirectory(Paths.get(System.getProperty(RUN_PROPERTY, "target/mariadb-run"))).start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "mariadb-stop"));
      shared = s;
    }
    return shared;
  }

  public String host() {
    return "127.0.0.1";
  }

  public int port() {
    return port;
  }

  /** A user with every privilege, replication included. */
  public String user() {
    return "tributary";
  }

  public String password() {
    return "tributary";
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://" + host() + ":" + port + "/" + database;
  }

  /** A JDBC connection as {@link #user()}; the MariaDB JDBC driver must be on the class path. */
  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user(), password());
  }

  /** Creates a fresh database (dropping one of that name first). */
  public void createDatabase(String name) {
    try {
      Commands.run(
          run.resolve("client.log"),
          client(user(), password(), "DROP DATABASE IF EXISTS `" + name + "`; CREATE DATABASE `" + name + "`"));
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
            List.of("mariadb", "--no-defaults", "--protocol=TCP", "-h", host(), "-P", Integer.toString(port), "-u", user));
    if (!password.isEmpty()) {
      cmd.add("--password=" + password);
    }
    cmd.addAll(List.of("-e", sql));
    return cmd;
  }

  private LocalMariaDb startServer() {
    try {
      if (UnprivilegedUser.isRoot()) {
        serverUser.ensureExists();
        run = serverUser.reachable(requestedRun, STAGING);
      }
      Path data = run.resolve("data");
      Path logFile = run.resolve("mariadb.log");
      ProcessTrees.stopStale(run.resolve("mariadb.pid"), "mariadbd", 30);
      Commands.reset(run);
      Files.createDirectories(run.resolve("binlog"));
      Files.createDirectories(run.resolve("tmp"));
      if (UnprivilegedUser.isRoot()) {
        serverUser.own(run);
      }
      long t0 = System.nanoTime();
      Commands.run(
          logFile,
          asServerUser(
              List.of(
                  "mariadb-install-db", "--no-defaults", "--datadir=" + data,
                  "--auth-root-authentication-method=normal", "--skip-test-db",
                  "--skip-name-resolve")));
      if (port == 0) {
        port = ProcessTrees.freePort();
      }
      List<String> cmd =
          List.of(
              "mariadbd", "--no-defaults", "--datadir=" + data, "--socket=" + run.resolve("mariadb.sock"),
              "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + run.resolve("mariadb.pid"),
              "--tmpdir=" + run.resolve("tmp"), "--skip-name-resolve",
              "--log-bin=" + run.resolve("binlog/mariadb-bin"), "--binlog-format=ROW",
              "--binlog-row-image=FULL", "--server-id=1",
              // a throwaway server: durability traded for speed
              "--innodb-flush-log-at-trx-commit=2", "--sync-binlog=0",
              "--innodb-buffer-pool-size=64M", "--log-error=" + run.resolve("mariadbd.err"));
      process =
          new ProcessBuilder(asServerUser(cmd))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      awaitReady();
      log.info("MariaDB up on port {} in {} ms", port, Duration.ofNanos(System.nanoTime() - t0).toMillis());
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("could not start MariaDB in " + run, e);
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting MariaDB", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Waits for the server, then creates {@link #user()} (root has no password until then). */
  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    List<String> createUser =
        client(
            "root", "",
            "CREATE USER IF NOT EXISTS '" + user() + "'@'%' IDENTIFIED BY '" + password() + "'; "
                + "GRANT ALL PRIVILEGES ON *.* TO '" + user() + "'@'%' WITH GRANT OPTION");
    while (Commands.exitCode(run.resolve("client.log"), createUser) != 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException("MariaDB exited at start:\n" + Commands.tail(run.resolve("mariadbd.err")));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "MariaDB not ready within " + startTimeout + ":\n" + Commands.tail(run.resolve("mariadbd.err")));
      }
      Thread.sleep(100);
    }
  }

  private List<String> asServerUser(List<String> command) {
    List<String> cmd = new ArrayList<>();
    if (UnprivilegedUser.isRoot()) {
      cmd.addAll(serverUser.runAs());
    }
    cmd.addAll(command);
    return cmd;
  }

  /** SIGTERM: mariadbd shuts down cleanly; safe to call twice. */
  @Override
  public synchronized void close() {
    Process p = process;
    process = null;
    if (p != null) {
      ProcessTrees.stop(p, 30);
      deleteStaged();
    }
  }

  /** A run directory staged under /var/tmp for the server user is this instance's alone: removed. */
  private void deleteStaged() {
    if (!run.equals(requestedRun)) {
      try {
        Commands.delete(run);
      } catch (IOException e) {
        log.warn("could not delete {}: {}", run, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "LocalMariaDb[" + host() + ":" + port + "]";
  }

  /** Settings; each setter rejects a bad value at once. */
  public static final class Builder {
    private Path run = Paths.get("target/mariadb-run");
    private int port;
    private Duration startTimeout = Duration.ofMinutes(2);

    private Builder() {}

    /** Where the data, binlog, socket and logs go; emptied at start (default {@code target/mariadb-run}). */
    public Builder runDirectory(Path run) {
      this.run = Objects.requireNonNull(run, "run");
      return this;
    }

    /** The port to listen on; 0 (the default) picks a free one. */
    public Builder port(int port) {
      this.port = SettingChecks.port(port);
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = SettingChecks.startTimeout(timeout);
      return this;
    }

    /** Installs and starts the server; it accepts connections as {@link #user()} when this returns. */
    public LocalMariaDb start() {
      return new LocalMariaDb(this).startServer();
    }
  }
}

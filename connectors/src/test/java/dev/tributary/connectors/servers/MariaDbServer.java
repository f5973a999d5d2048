package dev.tributary.connectors.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real MariaDB from Debian's {@code mariadb-server} package, installed into {@code
 * target/mariadb-run} by {@code mariadb-install-db} and started on a free port with its own socket,
 * with the binary log in ROW format and full row images (what Debezium needs). As root it runs as
 * {@code tributary-db}. One server serves every test class of a JVM ({@link #shared()}); a shutdown
 * hook stops it, and a server left behind by a killed JVM is stopped by the next start.
 */
public final class MariaDbServer {
  public static final String USER = "tributary";
  public static final String PASSWORD = "tributary";
  private static MariaDbServer shared;

  private final Path run;
  private Process process;
  private int port;

  private MariaDbServer(Path run) {
    this.run = run;
  }

  public static synchronized MariaDbServer shared() {
    if (shared == null) {
      MariaDbServer s = new MariaDbServer(runDirectory());
      s.start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "mariadb-stop"));
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

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
  }

  /** Creates a fresh database (dropping one of that name first). */
  public void createDatabase(String name) {
    try (Connection c = connect("");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  private synchronized void start() {
    Path data = run.resolve("data");
    Path log = run.resolve("mariadb.log");
    Path socket = run.resolve("mariadb.sock");
    try {
      LocalProcesses.killStale(run.resolve("mariadb.pid"), "mariadbd");
      LocalProcesses.reset(run);
      Files.createDirectories(run.resolve("binlog"));
      Files.createDirectories(run.resolve("tmp"));
      LocalProcesses.prepareUser(run);
      long t0 = System.nanoTime();
      LocalProcesses.run(
          log,
          LocalProcesses.asServerUser(
              List.of(
                  "mariadb-install-db", "--no-defaults", "--datadir=" + data,
                  "--auth-root-authentication-method=normal", "--skip-test-db",
                  "--skip-name-resolve")));
      port = LocalProcesses.freePort();
      List<String> cmd =
          List.of(
              "mariadbd", "--no-defaults", "--datadir=" + data, "--socket=" + socket,
              "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + run.resolve("mariadb.pid"),
              "--tmpdir=" + run.resolve("tmp"), "--skip-name-resolve",
              "--log-bin=" + run.resolve("binlog/mariadb-bin"), "--binlog-format=ROW",
              "--binlog-row-image=FULL", "--server-id=1", "--innodb-flush-log-at-trx-commit=2",
              "--innodb-buffer-pool-size=64M", "--sync-binlog=0", "--log-error=" + run.resolve("mariadbd.err"));
      process =
          new ProcessBuilder(LocalProcesses.asServerUser(cmd))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      awaitReady();
      System.out.printf(
          "MariaDB up on port %d in %d ms%n", port, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException("could not start MariaDB in " + run, e);
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting MariaDB", e);
    }
  }

  /** Waits for the server, then creates the test user with what Debezium needs (root: no password). */
  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String url = "jdbc:mariadb://127.0.0.1:" + port + "/";
    while (true) {
      try (Connection c = DriverManager.getConnection(url, "root", "");
          Statement s = c.createStatement()) {
        s.execute("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
        s.execute("GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION");
        return;
      } catch (SQLException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("MariaDB exited at start:\n" + LocalProcesses.tail(run.resolve("mariadbd.err")));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("MariaDB not ready in 2 minutes: " + e.getMessage() + "\n" + LocalProcesses.tail(run.resolve("mariadbd.err")));
        }
        Thread.sleep(100);
      }
    }
  }

  /** SIGTERM: mariadbd shuts down cleanly; safe to call twice. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p != null) {
      LocalProcesses.stopTree(p);
    }
  }

  private static Path runDirectory() {
    return Paths.get(System.getProperty("mariadb.run", "target/mariadb-run")).toAbsolutePath();
  }

  public static final class Extension implements BeforeAllCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
      shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == MariaDbServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return shared();
    }
  }
}

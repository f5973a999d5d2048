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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Postgres from Debian's {@code postgresql} package ({@code /usr/lib/postgresql/<version>}),
 * initialised in {@code target/postgres-run} with {@code wal_level=logical} and started on a free
 * port. Postgres refuses root, so as root it runs as {@code tributary-db}. One server serves every
 * test class of a JVM ({@link #shared()}); a shutdown hook stops it, and a server left behind by a
 * killed JVM is stopped by the next start.
 */
public final class PostgresServer {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";
  private static PostgresServer shared;

  private final Path bin;
  private final Path run;
  private Process process;
  private int port;

  private PostgresServer(Path bin, Path run) {
    this.bin = bin;
    this.run = run;
  }

  /** The server every test class of this JVM shares, started on first use. */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      PostgresServer s = new PostgresServer(locateBin(), runDirectory());
      s.start();
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "postgres-stop"));
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
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", PASSWORD);
    return DriverManager.getConnection(jdbcUrl(database), p);
  }

  /** Creates a fresh database (dropping one of that name first). */
  public void createDatabase(String name) {
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
  }

  private synchronized void start() {
    Path data = run.resolve("data");
    Path log = run.resolve("postgres.log");
    try {
      LocalProcesses.killStale(data.resolve("postmaster.pid"), "postgres");
      LocalProcesses.reset(run);
      Files.createDirectories(run.resolve("socket"));
      Files.writeString(run.resolve("pwfile"), PASSWORD + "\n");
      LocalProcesses.prepareUser(run);
      long t0 = System.nanoTime();
      LocalProcesses.run(
          log,
          LocalProcesses.asServerUser(
              List.of(
                  bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                  "--pwfile=" + run.resolve("pwfile"), "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")));
      port = LocalProcesses.freePort();
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
              "fsync=off",
              "synchronous_commit=off",
              "full_page_writes=off",
              "shared_buffers=64MB")) {
        cmd.add("-c");
        cmd.add(setting);
      }
      process =
          new ProcessBuilder(LocalProcesses.asServerUser(cmd))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      awaitReady(log);
      System.out.printf(
          "Postgres %s up on port %d in %d ms%n",
          bin.getParent().getFileName(), port, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException("could not start Postgres from " + bin, e);
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Postgres", e);
    }
  }

  private void awaitReady(Path log) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try (Connection c = connect("postgres")) {
        return;
      } catch (SQLException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException("Postgres exited at start:\n" + LocalProcesses.tail(log));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Postgres not ready in 2 minutes:\n" + LocalProcesses.tail(log));
        }
        Thread.sleep(100);
      }
    }
  }

  /** Fast shutdown (SIGINT: clients, replication included, are disconnected); safe to call twice. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    try {
      LocalProcesses.exec(
          LocalProcesses.asServerUser(
                  List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", run.resolve("data").toString(), "-m", "fast", "-w"))
              .toArray(String[]::new));
    } catch (IOException e) {
      // fall through to stopping the process tree
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LocalProcesses.stopTree(p);
  }

  private static Path locateBin() {
    Path root = Paths.get("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(v -> Files.isExecutable(v.resolve("bin/postgres")))
          .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
          .map(v -> v.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("No Postgres under " + root + "; apt-get install postgresql (./run-tests does)"));
    } catch (IOException e) {
      throw new IllegalStateException("No Postgres under " + root + "; apt-get install postgresql (./run-tests does)", e);
    }
  }

  private static Path runDirectory() {
    return Paths.get(System.getProperty("postgres.run", "target/postgres-run")).toAbsolutePath();
  }

  /** Starts (once) and injects the shared server. */
  public static final class Extension implements BeforeAllCallback, ParameterResolver {
    @Override
    public void beforeAll(ExtensionContext context) {
      shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
      return p.getParameter().getType() == PostgresServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
      return shared();
    }
  }
}

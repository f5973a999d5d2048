package dev.tributary.local.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What LocalPostgres and LocalMariaDb share: a database server from a Debian package, run in a
 * directory every start empties, as an unprivileged system user when this JVM is root (the run
 * directory then staged under /var/tmp when that user cannot reach it), on a free loopback port,
 * polled until it answers, stopped with its process tree.
 */
public final class DatabaseProcess {
  private static final Logger log = LoggerFactory.getLogger(DatabaseProcess.class);

  /** The server's own steps: lay out the run directory, initialise, start, wait; then its name. */
  public interface Startup {
    void run(DatabaseProcess server) throws IOException, InterruptedException;
  }

  private final String product;
  private final Path requestedRun;
  private final Path staging;
  private final Duration startTimeout;
  private final UnprivilegedUser serverUser;
  private Path run;
  private Process process;
  private int port;

  public DatabaseProcess(
      String product, Path run, Path staging, String serverUser, int port, Duration startTimeout) {
    this.product = product;
    this.requestedRun = run.toAbsolutePath();
    this.run = requestedRun;
    this.staging = staging;
    this.serverUser = new UnprivilegedUser(serverUser);
    this.port = port;
    this.startTimeout = startTimeout;
  }

  /** The run directory: the requested one, or its staged copy when the server user needs one. */
  public Path run() {
    return run;
  }

  /** The port: the requested one, or a free one once {@link #choosePort} has run. */
  public int port() {
    return port;
  }

  public boolean running() {
    return process != null;
  }

  /**
   * Runs {@code startup}; on any failure stops what started (with {@code stop}) and rethrows,
   * naming the product and {@code where}.
   */
  public void start(Startup startup, Runnable stop, String where) {
    try {
      if (UnprivilegedUser.isRoot()) {
        serverUser.ensureExists();
        run = serverUser.reachable(requestedRun, staging);
      }
      startup.run(this);
    } catch (IOException e) {
      stop.run();
      throw new UncheckedIOException(
          "could not start " + product + " " + where.replace("{run}", run.toString()), e);
    } catch (InterruptedException e) {
      stop.run();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + product, e);
    } catch (RuntimeException e) {
      stop.run();
      throw e;
    }
  }

  /** Gives the (emptied, laid out) run directory to the server user when this JVM is root. */
  public void ownRun() throws IOException, InterruptedException {
    if (UnprivilegedUser.isRoot()) {
      serverUser.own(run);
    }
  }

  /** Picks a free port when none was asked for. */
  public int choosePort() throws IOException {
    if (port == 0) {
      port = ProcessTrees.freePort();
    }
    return port;
  }

  /** {@code command}, run as the server user when this JVM is root. */
  public List<String> asServerUser(List<String> command) {
    List<String> cmd = new ArrayList<>();
    if (UnprivilegedUser.isRoot()) {
      cmd.addAll(serverUser.runAs());
    }
    cmd.addAll(command);
    return cmd;
  }

  /** Starts the server process, its output appended to {@code logFile}. */
  public void launch(List<String> command, Path logFile) throws IOException {
    process =
        new ProcessBuilder(asServerUser(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
  }

  /**
   * Runs {@code probe} (its output to {@code probeLog}) every 100 ms until it succeeds; fails with
   * the tail of {@code serverLog} when the server exits or {@code startTimeout} passes.
   */
  public void awaitReady(List<String> probe, Path probeLog, Path serverLog)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (Commands.exitCode(probeLog, probe) != 0) {
      if (!process.isAlive()) {
        throw new IllegalStateException(product + " exited at start:\n" + Commands.tail(serverLog));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            product + " not ready within " + startTimeout + ":\n" + Commands.tail(serverLog));
      }
      Thread.sleep(100);
    }
  }

  /**
   * Stops the server (after {@code beforeKill}, a clean shutdown of the server's own, if any) and
   * removes a staged run directory, which is this instance's alone; safe to call twice.
   */
  public synchronized void stop(Runnable beforeKill) {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    beforeKill.run();
    ProcessTrees.stop(p, 30);
    if (!run.equals(requestedRun)) {
      try {
        Commands.delete(run);
      } catch (IOException e) {
        log.warn("could not delete {}: {}", run, e.toString());
      }
    }
  }
}

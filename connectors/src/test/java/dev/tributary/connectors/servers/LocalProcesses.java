package dev.tributary.connectors.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the database test servers share: database servers refuse to run as root, so as root they run
 * as the system user {@value #USER} (created on first use) through {@code runuser}; free ports;
 * fresh run directories; stopping a process tree.
 */
final class LocalProcesses {
  static final String USER = "tributary-db";

  private LocalProcesses() {}

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** The command, prefixed with {@code runuser -u tributary-db --} when we are root. */
  static List<String> asServerUser(List<String> command) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", USER, "--"));
    }
    cmd.addAll(command);
    return cmd;
  }

  /** Creates {@value #USER} once, and hands {@code dir} to it; nothing to do when not root. */
  static void prepareUser(Path dir) throws IOException, InterruptedException {
    if (!isRoot()) {
      return;
    }
    if (exec("id", "-u", USER) != 0) {
      int rc = exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER);
      if (rc != 0 && exec("id", "-u", USER) != 0) {
        throw new IllegalStateException("useradd " + USER + " failed with exit code " + rc);
      }
    }
    int rc = exec("chown", "-R", USER, dir.toString());
    if (rc != 0) {
      throw new IllegalStateException("chown -R " + USER + " " + dir + " failed with exit code " + rc);
    }
  }

  static int exec(String... cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor();
  }

  /** Runs a command to its end, failing with its output when it fails. */
  static void run(Path log, List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 3 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ":\n" + tail(log));
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it, then creates it empty. */
  static void reset(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
  }

  /** Stops a process and everything under it (runuser does not always pass a signal on). */
  static void stopTree(Process p) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    for (ProcessHandle h : tree) {
      h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join();
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process named in a pid file if its command line contains {@code marker}. */
  static void killStale(Path pidFile, String marker) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    if (first.isEmpty()) {
      return;
    }
    ProcessHandle.of(Long.parseLong(first))
        .filter(h -> h.info().commandLine().orElse("").contains(marker))
        .ifPresent(
            h -> {
              h.destroyForcibly();
              h.onExit().completeOnTimeout(h, 30, TimeUnit.SECONDS).join();
            });
  }
}

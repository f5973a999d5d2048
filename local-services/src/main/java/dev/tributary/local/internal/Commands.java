package dev.tributary.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Running short commands (installers, clients) with their output in a log, and fresh directories.
 */
public final class Commands {
  private Commands() {}

  /** Runs a command to its end, its output appended to {@code log}; returns its exit code. */
  public static int exitCode(Path log, List<String> cmd) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 3 minutes");
    }
    return p.exitValue();
  }

  /** Runs a command to its end, failing with the end of its output when it fails. */
  public static void run(Path log, List<String> cmd) throws IOException, InterruptedException {
    int rc = exitCode(log, cmd);
    if (rc != 0) {
      throw new IllegalStateException(
          String.join(" ", cmd) + " failed with exit code " + rc + ":\n" + tail(log));
    }
  }

  /** The last 30 lines of a log, for an error message. */
  public static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Deletes {@code dir} and everything in it, then creates it empty. */
  public static void reset(Path dir) throws IOException {
    delete(dir);
    Files.createDirectories(dir);
  }

  /** Deletes {@code dir} and everything in it, if it exists. */
  public static void delete(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}

package dev.tributary.local.internal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping child processes and what they started, and finding free ports. */
public final class ProcessTrees {
  private ProcessTrees() {}

  /**
   * Asks a process and its descendants to stop (SIGTERM), each directly: {@code runuser} does not
   * always pass the signal on. Waits up to {@code graceSeconds} each, then kills what is left.
   */
  public static void stop(Process p, int graceSeconds) {
    List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
    tree.forEach(ProcessHandle::destroy);
    p.destroy();
    for (ProcessHandle h : tree) {
      await(h, graceSeconds);
    }
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops the process named in a pid file if it is still alive and its command line contains {@code
   * marker}: a server left behind by a JVM that was killed.
   */
  public static void stopStale(Path pidFile, String marker, int graceSeconds) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).trim());
    } catch (NumberFormatException e) {
      return;
    }
    ProcessHandle.of(pid)
        .filter(h -> h.info().commandLine().orElse("").contains(marker))
        .ifPresent(
            h -> {
              h.destroy();
              await(h, graceSeconds);
            });
  }

  private static void await(ProcessHandle h, int graceSeconds) {
    h.onExit().completeOnTimeout(h, graceSeconds, TimeUnit.SECONDS).join();
    if (h.isAlive()) {
      h.destroyForcibly();
    }
  }

  /** A port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}

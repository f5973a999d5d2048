package dev.tributary.worker.internal;

import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.ConfigProblem;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.config.internal.YamlDocument;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, before anything starts, that the fixed ports a configuration names are free, so a taken
 * port is one line naming the port and its setting (file, line and column) instead of a server's
 * stack trace after half the worker started. Port 0 (a free one) is never checked.
 */
public final class PortCheck {
  private PortCheck() {}

  /** True when {@code host:port} can be bound now. */
  public static boolean free(String host, int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(host, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The one-line advice after a taken port. */
  public static String inUse(Object port) {
    return port
        + " is already in use; choose another port (0 picks a free one) or stop the process using it";
  }

  /** Throws a {@link ConfigException} naming each fixed port of {@code config} that is taken. */
  public static void requireFree(WorkerConfig config) {
    List<Fixed> ports = new ArrayList<>();
    if (config.worker().httpPort() > 0) {
      ports.add(
          new Fixed("worker.http.port", config.worker().httpHost(), config.worker().httpPort()));
    }
    if (config.kafka().embedded() && config.kafka().embeddedPort() > 0) {
      ports.add(new Fixed("kafka.embedded.port", "127.0.0.1", config.kafka().embeddedPort()));
    }
    config
        .engine()
        .endpoint()
        .filter(e -> e.port() > 0)
        .ifPresent(e -> ports.add(new Fixed("engine.embedded.endpoint.port", e.host(), e.port())));
    List<ConfigProblem> problems = new ArrayList<>();
    YamlDocument doc = null;
    for (Fixed p : ports) {
      if (free(p.host(), p.port())) {
        continue;
      }
      if (doc == null) {
        doc = document(config.file());
      }
      int[] at = doc == null ? new int[] {0, 0} : doc.location("/" + p.setting().replace('.', '/'));
      problems.add(new ConfigProblem(config.file(), at[0], at[1], p.setting(), inUse(p.port())));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private record Fixed(String setting, String host, int port) {}

  private static YamlDocument document(String file) {
    try {
      return YamlDocument.parse(Files.readString(Path.of(file)));
    } catch (IOException | RuntimeException e) {
      return null; // parsed text (WorkerConfig.parse) has no file: the problem has no line
    }
  }
}

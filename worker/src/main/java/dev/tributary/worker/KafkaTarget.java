package dev.tributary.worker;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.worker.config.WorkerConfig;
import dev.tributary.worker.internal.LogSetup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the inspecting commands ({@code tail}, {@code lanes}, {@code dlq}) find Kafka and the
 * pipelines: a worker configuration, and or the brokers' address.
 */
final class KafkaTarget {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The worker's YAML configuration (its Kafka settings and pipelines).")
  Path config;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      description =
          "The Kafka brokers; default: the configuration's (an embedded broker needs kafka.embedded.port).")
  String bootstrapServers;

  private WorkerConfig loaded;

  Optional<WorkerConfig> configFile() {
    if (config == null) {
      return Optional.empty();
    }
    if (loaded == null) {
      loaded = WorkerConfig.loadForInspection(config);
    }
    return Optional.of(loaded);
  }

  /** Client settings: the configuration's client properties plus the bootstrap servers. */
  Map<String, Object> clientConfig() {
    Optional<WorkerConfig> c = configFile();
    String servers = bootstrapServers;
    if (servers == null) {
      if (c.isEmpty()) {
        throw new UsageException("give --config FILE or --bootstrap-servers HOST:PORT");
      }
      servers =
          c.get()
              .kafka()
              .reachableBootstrapServers()
              .orElseThrow(
                  () ->
                      new UsageException(
                          c.get().file()
                              + " uses an embedded broker without a fixed port: set kafka.embedded.port,"
                              + " or give --bootstrap-servers"));
    }
    Map<String, Object> out = new HashMap<>();
    c.ifPresent(w -> out.putAll(w.kafka().client()));
    out.put("bootstrap.servers", servers);
    // A command should say soon that the brokers are away, not after the clients' default minute.
    out.putIfAbsent("default.api.timeout.ms", "20000");
    out.putIfAbsent("request.timeout.ms", "15000");
    LogSetup.quietKafkaClients();
    return out;
  }

  /**
   * {@link #clientConfig()} after a quick TCP connect to the brokers: with none listening, a
   * command says so at once instead of after the clients' timeouts (20-30 s).
   */
  Map<String, Object> reachableClientConfig() {
    Map<String, Object> c = clientConfig();
    String servers = String.valueOf(c.get("bootstrap.servers"));
    for (String server : servers.split(",")) {
      if (listening(server.strip())) {
        return c;
      }
    }
    boolean embedded =
        bootstrapServers == null && configFile().map(w -> w.kafka().embedded()).orElse(false);
    String from =
        bootstrapServers != null
            ? "--bootstrap-servers"
            : (embedded ? "kafka.embedded.port" : "kafka.bootstrap-servers") + " in " + config;
    throw new BrokerUnreachable(
        "no Kafka broker at "
            + servers
            + " ("
            + from
            + "): "
            + (embedded
                ? "is the worker running? Its embedded broker runs only while it does"
                : "check the address and that the brokers are up"));
  }

  static boolean listening(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      return true; // not HOST:PORT: let the client report it
    }
    try (Socket s = new Socket()) {
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      s.connect(
          new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1))), 1_000);
      return true;
    } catch (NumberFormatException e) {
      return true; // let the client report it
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * No broker answers at the address a command was given (exit code 1: nothing to fix in the
   * input).
   */
  static final class BrokerUnreachable extends RuntimeException {
    BrokerUnreachable(String message) {
      super(message);
    }
  }

  /** The configuration's pipelines; a command that needs them says so when there is none. */
  List<Pipeline> pipelines(String what) {
    return configFile()
        .orElseThrow(() -> new UsageException(what + " needs --config FILE (its pipelines)"))
        .pipelines();
  }

  /** The pipeline named {@code name}, or a usage error naming the known ones. */
  Pipeline pipeline(String name) {
    List<Pipeline> all = pipelines("--pipeline");
    return all.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "no pipeline '"
                        + name
                        + "' in "
                        + config
                        + "; pipelines: "
                        + all.stream().map(Pipeline::name).toList()));
  }

  /** Checks that {@code handler} is one of {@code p}'s. */
  static String handler(Pipeline p, String handler) {
    if (!p.handlers().containsKey(handler)) {
      throw new UsageException(
          "pipeline '"
              + p.name()
              + "' has no handler '"
              + handler
              + "'; handlers: "
              + p.handlers().keySet());
    }
    return handler;
  }
}

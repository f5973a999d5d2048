package dev.tributary.worker.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Kafka is: an embedded broker in the worker ({@code kafka.embedded}, the default) or a
 * cluster ({@code kafka.bootstrap-servers}), plus client properties for every client.
 *
 * @param embeddedDataDir the embedded broker's directory; empty for an external cluster
 * @param embeddedPort the embedded broker's port; 0 reuses the directory's last port or a free one
 * @param bootstrapServers the external cluster; empty for the embedded broker
 * @param client Kafka client properties set on every client (security, timeouts)
 * @param partitions partitions of the change topics the worker creates
 */
public record KafkaSettings(
    Optional<Path> embeddedDataDir,
    int embeddedPort,
    Optional<String> bootstrapServers,
    Map<String, String> client,
    int partitions) {
  public KafkaSettings {
    Objects.requireNonNull(embeddedDataDir, "embeddedDataDir");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    client = Map.copyOf(client);
    if (embeddedDataDir.isPresent() == bootstrapServers.isPresent()) {
      throw new IllegalArgumentException("kafka: give either embedded or bootstrap-servers");
    }
  }

  public boolean embedded() {
    return embeddedDataDir.isPresent();
  }

  /**
   * The bootstrap servers a client outside the worker uses: the cluster's, or the embedded broker's
   * when its port is fixed.
   */
  public Optional<String> reachableBootstrapServers() {
    if (bootstrapServers.isPresent()) {
      return bootstrapServers;
    }
    return embeddedPort > 0 ? Optional.of("127.0.0.1:" + embeddedPort) : Optional.empty();
  }

  /** Client properties plus {@code bootstrap.servers}. */
  public Map<String, Object> clientConfig(String bootstrap) {
    Map<String, Object> out = new HashMap<>(client);
    out.put("bootstrap.servers", bootstrap);
    return out;
  }

  @Override
  public String toString() {
    return "KafkaSettings["
        + (embedded() ? "embedded " + embeddedDataDir.get() : bootstrapServers.get())
        + ", client keys "
        + client.keySet()
        + ", partitions "
        + partitions
        + "]";
  }
}

package dev.tributary.connectors.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The settings of one Debezium source, checked by {@code DebeziumSource.Builder}. */
public record DebeziumSettings(
    SourceKind kind,
    String sourceId,
    PublishSettings publish,
    String host,
    int port,
    String user,
    String password,
    String database,
    Set<String> tables,
    boolean initialSnapshot,
    Duration heartbeatInterval,
    Optional<String> heartbeatActionQuery,
    Map<String, String> debeziumProperties) {

  public DebeziumSettings {
    tables = Set.copyOf(tables);
    debeziumProperties = Map.copyOf(debeziumProperties);
  }

  public String transactionalId() {
    return "tributary-debezium-" + sourceId;
  }

  public String checkpointPrefix() {
    return "debezium|" + sourceId + "|";
  }

  /** Debezium's engine name: the namespace of its offsets. */
  public String engineName() {
    return "tributary-" + sourceId;
  }

  /** Postgres replication slot and publication names: lower case, letters, digits, underscores. */
  public String slotName() {
    return ("tributary_" + sourceId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }
}

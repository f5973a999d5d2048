package dev.tributary.connectors.internal;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Debezium engine configuration of a source. Fixed here, because the event mapping relies on
 * them: precise decimals, ISO-8601 intervals, bytes as bytes, no tombstones, primary-key changes as
 * delete + create. The user's own Debezium properties are applied last.
 */
public final class DebeziumProperties {
  private DebeziumProperties() {}

  public static Properties of(DebeziumSettings s) {
    Properties p = new Properties();
    p.setProperty("name", s.engineName());
    p.setProperty("connector.class", s.kind().connectorClass());
    p.setProperty("topic.prefix", s.sourceId());
    p.setProperty("offset.storage", KafkaTransactionOffsets.class.getName());
    p.setProperty(KafkaTransactionOffsets.SOURCE_PROPERTY, s.sourceId());
    // the engine's worker configuration requires it, though our offset store has its own clients
    p.setProperty(
        CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
        s.publish().clientConfig().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString());
    // The engine flushes (and Postgres confirms its slot position) this often; ours are committed
    // already.
    p.setProperty("offset.flush.interval.ms", "1000");
    p.setProperty("database.hostname", s.host());
    p.setProperty("database.port", Integer.toString(s.port()));
    p.setProperty("database.user", s.user());
    p.setProperty("database.password", s.password());
    p.setProperty("snapshot.mode", s.initialSnapshot() ? "initial" : "no_data");
    p.setProperty("decimal.handling.mode", "precise");
    p.setProperty("time.precision.mode", "adaptive_time_microseconds");
    p.setProperty("binary.handling.mode", "bytes");
    p.setProperty("interval.handling.mode", "string");
    p.setProperty("tombstones.on.delete", "false");
    p.setProperty("heartbeat.interval.ms", Long.toString(s.heartbeatInterval().toMillis()));
    s.heartbeatActionQuery().ifPresent(q -> p.setProperty("heartbeat.action.query", q));
    p.setProperty("errors.max.retries", "-1");
    // Debezium waits up to this long for a batch to fill (default 500 ms): the floor of the
    // commit-to-topic latency while writes trickle in. 100 ms keeps batches large under load.
    p.setProperty("poll.interval.ms", "100");
    if (!s.tables().isEmpty()) {
      p.setProperty(
          "table.include.list",
          String.join(",", s.tables().stream().map(DebeziumProperties::regex).sorted().toList()));
    }
    switch (s.kind()) {
      case POSTGRES -> {
        p.setProperty("database.dbname", s.database());
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", s.slotName());
        p.setProperty("publication.name", s.slotName());
        p.setProperty(
            "publication.autocreate.mode", s.tables().isEmpty() ? "all_tables" : "filtered");
      }
      case MYSQL, MARIADB -> {
        p.setProperty("database.include.list", regex(s.database()));
        p.setProperty("database.server.id", Long.toString(serverId(s.sourceId())));
        p.setProperty(
            "schema.history.internal", "io.debezium.storage.kafka.history.KafkaSchemaHistory");
        p.setProperty(
            "schema.history.internal.kafka.topic", "tributary.debezium.history." + s.sourceId());
        p.setProperty(
            "schema.history.internal.kafka.bootstrap.servers",
            s.publish()
                .clientConfig()
                .get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                .toString());
        for (Map.Entry<String, Object> e : s.publish().clientConfig().entrySet()) {
          if (!e.getKey().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
            p.setProperty(
                "schema.history.internal.producer." + e.getKey(), String.valueOf(e.getValue()));
            p.setProperty(
                "schema.history.internal.consumer." + e.getKey(), String.valueOf(e.getValue()));
          }
        }
        p.setProperty("include.schema.changes", "false");
        p.setProperty("bigint.unsigned.handling.mode", "precise");
      }
      default -> throw new IllegalStateException("unknown source kind " + s.kind());
    }
    s.debeziumProperties().forEach(p::setProperty);
    return p;
  }

  /** Debezium's include lists are regular expressions; a table name is meant literally. */
  private static String regex(String name) {
    return name.replace(".", "\\.");
  }

  /** A replica's server id, stable per source, away from the usual small ids of real servers. */
  static long serverId(String sourceId) {
    return 100_000L + Math.floorMod(sourceId.hashCode(), 1_000_000);
  }
}

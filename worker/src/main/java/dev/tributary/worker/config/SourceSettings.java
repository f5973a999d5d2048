package dev.tributary.worker.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** One source that publishes change events into the change topics. */
public sealed interface SourceSettings {
  /** The source's identity (its transactional id and checkpoints derive from it). */
  String id();

  String type();

  /** {@code type: engine-relay}: the embedded engine's change logs. */
  record EngineRelay(String id, Optional<Integer> changeTopicPartitions) implements SourceSettings {
    public EngineRelay {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(changeTopicPartitions, "changeTopicPartitions");
    }

    @Override
    public String type() {
      return "engine-relay";
    }
  }

  /**
   * {@code type: dynamodb-streams}: a DynamoDB Streams API endpoint (AWS, or a Tributary engine).
   *
   * @param endpoint empty for AWS's regional endpoint
   * @param credentials empty for the AWS SDK's default chain
   * @param tables empty for every stream the endpoint lists
   */
  record DynamoDbStreams(
      String id,
      Optional<URI> endpoint,
      String region,
      Optional<Credentials> credentials,
      Set<String> tables,
      Duration pollInterval,
      Optional<Integer> changeTopicPartitions)
      implements SourceSettings {
    public DynamoDbStreams {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(credentials, "credentials");
      tables = Set.copyOf(tables);
      Objects.requireNonNull(pollInterval, "pollInterval");
      Objects.requireNonNull(changeTopicPartitions, "changeTopicPartitions");
    }

    @Override
    public String type() {
      return "dynamodb-streams";
    }
  }

  /**
   * {@code type: debezium-postgres | debezium-mysql | debezium-mariadb}: a database's log read by
   * Debezium in-process (see docs/connectors.md).
   *
   * @param port empty for the database's default port
   * @param tables {@code schema.table} / {@code database.table}; empty for every table
   * @param heartbeatInterval empty for the connector's default (10 s)
   * @param properties further Debezium properties, applied last
   */
  record Debezium(
      String type,
      String id,
      String host,
      Optional<Integer> port,
      String user,
      String password,
      String database,
      Set<String> tables,
      boolean initialSnapshot,
      Optional<Duration> heartbeatInterval,
      Optional<String> heartbeatActionQuery,
      Optional<Integer> changeTopicPartitions,
      Map<String, String> properties)
      implements SourceSettings {
    public Debezium {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(port, "port");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(database, "database");
      tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
      Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
      Objects.requireNonNull(heartbeatActionQuery, "heartbeatActionQuery");
      Objects.requireNonNull(changeTopicPartitions, "changeTopicPartitions");
      properties = Map.copyOf(properties);
    }

    /** Not in {@code toString()}: it may be logged. */
    @Override
    public String toString() {
      return "Debezium[type="
          + type
          + ", id="
          + id
          + ", host="
          + host
          + ", port="
          + port
          + ", user="
          + user
          + ", database="
          + database
          + ", tables="
          + tables
          + "]";
    }
  }
}

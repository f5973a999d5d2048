package dev.tributary.worker.config;

import java.net.URI;
import java.time.Duration;
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
   * A source type the worker knows only by name (Debezium's {@code debezium-postgres}, {@code
   * debezium-mysql}): its settings as the file gives them, for the connector that reads them.
   */
  record Extension(String type, String id, Map<String, Object> config) implements SourceSettings {
    public Extension {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(id, "id");
      config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    }
  }
}

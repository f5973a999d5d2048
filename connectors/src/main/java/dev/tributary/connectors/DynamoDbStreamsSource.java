package dev.tributary.connectors;

import dev.tributary.connectors.internal.ShardCheckpoint;
import dev.tributary.connectors.internal.StreamsLoop;
import dev.tributary.connectors.internal.StreamsSettings;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.pipeline.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Reads any DynamoDB Streams API endpoint (AWS, or Tributary's own) with the AWS SDK's {@link
 * DynamoDbStreamsClient} and publishes every record to its table's change topic ({@link
 * Topics#changeTopic}) in the relay's record format (key = the partition-key value's DynamoDB JSON,
 * {@code eventSourceARN} = the stream's ARN). Shard lineage is followed (a child shard is read only
 * after its parent), and each shard's checkpoint is committed in the same Kafka transaction as its
 * records, so a restarted source with the same {@link Builder#sourceId id} resumes exactly after
 * what the topics hold.
 *
 * <pre>{@code
 * DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().region(Region.EU_WEST_1).build();
 * try (DynamoDbStreamsSource source =
 *     DynamoDbStreamsSource.builder(streams, Map.of("bootstrap.servers", servers))
 *         .sourceId("orders").tables(Set.of("Orders")).build().start()) { ... }
 * }</pre>
 *
 * The client stays the caller's: close it after the source.
 */
public final class DynamoDbStreamsSource extends LoopSource<StreamsLoop> {
  private final StreamsSettings settings;

  private DynamoDbStreamsSource(DynamoDbStreamsClient client, StreamsSettings settings) {
    super(
        "DynamoDB Streams source " + settings.sourceId(),
        "tributary-streams-" + settings.sourceId(),
        lifecycle -> new StreamsLoop(client, settings, lifecycle));
    this.settings = settings;
  }

  public static Builder builder(DynamoDbStreamsClient client, Map<String, ?> kafkaConfig) {
    return new Builder(client, kafkaConfig);
  }

  /** Starts reading on the source's own thread; returns this source. */
  public DynamoDbStreamsSource start() {
    startLoop();
    return this;
  }

  public String sourceId() {
    return settings.sourceId();
  }

  /**
   * The last sequence number committed per shard, keyed {@code <stream ARN>|<shard id>} (shards
   * with nothing published yet are absent).
   */
  public Map<String, String> publishedSequences() {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ShardCheckpoint> e : loop.checkpoints().entrySet()) {
      e.getValue().sequence().ifPresent(s -> out.put(e.getKey(), s));
    }
    return out;
  }

  @Override
  public String toString() {
    return "DynamoDbStreamsSource[" + settings.sourceId() + ", " + state() + "]";
  }

  /** Settings of a source; each setter rejects a bad value at once. */
  public static final class Builder extends PublishingBuilder<Builder> {
    private final DynamoDbStreamsClient client;
    private String sourceId = "default";
    private Set<String> tables = Set.of();
    private int maxBatchRecords = 1000;
    private Duration discoveryInterval = Duration.ofSeconds(10);
    private Duration pollInterval = Duration.ofMillis(250);

    private Builder(DynamoDbStreamsClient client, Map<String, ?> kafkaConfig) {
      super(kafkaConfig);
      this.client = Objects.requireNonNull(client, "client");
    }

    /** The source's identity: its transactional id and checkpoint keys derive from it. */
    public Builder sourceId(String sourceId) {
      this.sourceId = Topics.legal(sourceId, "sourceId");
      return this;
    }

    /** Only the streams of these tables (default: every stream the endpoint lists). */
    public Builder tables(Set<String> tables) {
      Objects.requireNonNull(tables, "tables").forEach(t -> Topics.legal(t, "table"));
      this.tables = Set.copyOf(tables);
      return this;
    }

    /** The most records published in one transaction (default 1000). */
    public Builder maxBatchRecords(int maxBatchRecords) {
      this.maxBatchRecords = SettingChecks.atLeast(maxBatchRecords, 1, "maxBatchRecords");
      return this;
    }

    /** How often streams and shards are listed again (default 10 s). */
    public Builder discoveryInterval(Duration interval) {
      this.discoveryInterval = SettingChecks.positive(interval, "discoveryInterval");
      return this;
    }

    /**
     * The pause after a round that found nothing (default 250 ms; AWS allows about five GetRecords
     * calls per second per shard).
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = SettingChecks.positive(interval, "pollInterval");
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    public DynamoDbStreamsSource build() {
      return new DynamoDbStreamsSource(
          client,
          new StreamsSettings(
              sourceId,
              publishSettings(),
              tables,
              maxBatchRecords,
              discoveryInterval,
              pollInterval));
    }
  }
}

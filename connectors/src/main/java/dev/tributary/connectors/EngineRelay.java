package dev.tributary.connectors;

import dev.tributary.connectors.internal.CheckpointTopic;
import dev.tributary.connectors.internal.RelayLoop;
import dev.tributary.connectors.internal.RelaySettings;
import dev.tributary.connectors.internal.TableTail;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.SettingChecks;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.TributaryEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Publishes the change log of every stream-enabled table of a {@link TributaryEngine} to the
 * tables' change topics ({@link Topics#changeTopic}), exactly once: the records and the relay's
 * checkpoint (last sequence per table) are committed in one Kafka transaction, and a restarted
 * relay with the same {@link Builder#relayId id} fences its predecessor and resumes right after the
 * committed checkpoint. Record key = the DynamoDB JSON of the item's partition-key value, value =
 * the event JSON, headers = event name and table. New tables and stream changes are picked up while
 * running; records still in a log from a table's earlier streams are published too.
 *
 * <pre>{@code
 * try (EngineRelay relay = EngineRelay.builder(engine, Map.of("bootstrap.servers", servers))
 *     .relayId("main").build().start()) {
 *   ...
 * }
 * }</pre>
 */
public final class EngineRelay extends LoopSource<RelayLoop> {
  /** The compacted topic the relay's checkpoints live in, unless configured otherwise. */
  public static final String CHECKPOINT_TOPIC = CheckpointTopic.DEFAULT_NAME;

  private final TributaryEngine engine;
  private final RelaySettings settings;

  private EngineRelay(TributaryEngine engine, RelaySettings settings) {
    super(
        "Relay " + settings.relayId(),
        "tributary-relay-" + settings.relayId(),
        lifecycle -> new RelayLoop(engine, settings, lifecycle));
    this.engine = engine;
    this.settings = settings;
  }

  /**
   * A builder for a relay of {@code engine}'s change logs to Kafka.
   *
   * @param engine the engine whose change logs are relayed
   * @param kafkaConfig Kafka client settings ({@code bootstrap.servers}, security); the relay sets
   *     what exactly-once needs itself
   */
  public static Builder builder(TributaryEngine engine, Map<String, ?> kafkaConfig) {
    return new Builder(engine, kafkaConfig);
  }

  /** Starts relaying on the relay's own thread; returns this relay. */
  public EngineRelay start() {
    startLoop();
    return this;
  }

  public String relayId() {
    return settings.relayId();
  }

  /** The lag of one relayed table; empty if the relay does not follow it (yet). */
  public Optional<RelayLag> lag(String table) {
    Objects.requireNonNull(table, "table");
    return Optional.ofNullable(loop.tails().get(table)).map(EngineRelay::lagOf);
  }

  /** The lag of every relayed table, by table name. */
  public Map<String, RelayLag> lags() {
    Map<String, RelayLag> out = new TreeMap<>();
    for (TableTail t : List.copyOf(loop.tails().values())) {
      try {
        out.put(t.table(), lagOf(t));
      } catch (RuntimeException e) {
        // the table went away while we looked; it is no longer relayed
      }
    }
    return out;
  }

  private static RelayLag lagOf(TableTail t) {
    ChangeStream stream = t.stream();
    long published = t.published();
    long latest = stream.latestSequence();
    Duration age = Duration.ZERO;
    if (latest > published) {
      List<ChangeEvent> next = stream.read(published, 1);
      if (!next.isEmpty()) {
        Instant written = next.get(0).dynamodb().approximateCreationDateTime();
        age = Duration.between(written, Instant.now());
        age = age.isNegative() ? Duration.ZERO : age;
      }
    }
    return new RelayLag(t.table(), latest, published, age);
  }

  @Override
  public String toString() {
    return "EngineRelay["
        + settings.relayId()
        + ", "
        + state()
        + ", engine "
        + engine.state()
        + "]";
  }

  /** Settings of a relay; each setter rejects a bad value at once. */
  public static final class Builder extends PublishingBuilder<Builder> {
    private final TributaryEngine engine;
    private String relayId = "default";
    private int maxBatchRecords = 1000;
    private long maxBatchBytes = 4L * 1024 * 1024;
    private Duration discoveryInterval = Duration.ofSeconds(2);
    private Duration idleWait = Duration.ofMillis(50);

    private Builder(TributaryEngine engine, Map<String, ?> kafkaConfig) {
      super(kafkaConfig);
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * The relay's identity: its transactional id and checkpoint keys derive from it, so a restarted
     * relay must keep it and two relays of different engines must not share it.
     */
    public Builder relayId(String relayId) {
      this.relayId = Topics.legal(relayId, "relayId");
      return this;
    }

    /** The most records read and published in one transaction (default 1000). */
    public Builder maxBatchRecords(int maxBatchRecords) {
      this.maxBatchRecords = SettingChecks.atLeast(maxBatchRecords, 1, "maxBatchRecords");
      return this;
    }

    /** About the most bytes (keys and values) published in one transaction (default 4 MiB). */
    public Builder maxBatchBytes(long maxBatchBytes) {
      this.maxBatchBytes = SettingChecks.atLeast(maxBatchBytes, 1024, "maxBatchBytes");
      return this;
    }

    /** How often new tables and stream changes are looked for (default 2 s). */
    public Builder discoveryInterval(Duration interval) {
      this.discoveryInterval = SettingChecks.positive(interval, "discoveryInterval");
      return this;
    }

    /** The longest an idle relay parks before looking at every table again (default 50 ms). */
    public Builder idleWait(Duration idleWait) {
      this.idleWait = SettingChecks.positive(idleWait, "idleWait");
      return this;
    }

    @Override
    Builder self() {
      return this;
    }

    public EngineRelay build() {
      return new EngineRelay(
          engine,
          new RelaySettings(
              relayId,
              publishSettings(),
              maxBatchRecords,
              maxBatchBytes,
              discoveryInterval,
              idleWait));
    }
  }
}

package dev.tributary.core.pipeline;

import dev.tributary.core.pipeline.internal.LaneRoute;
import dev.tributary.core.pipeline.internal.RoutingPlan;
import dev.tributary.core.pipeline.internal.RoutingProcessor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Compiles a {@link Pipeline} into a Kafka Streams topology: its change topics are read as raw
 * bytes, one processor parses each record once, drops redeliveries with a persistent per-key "last
 * sequence" store, applies filters, view and projection, and writes the event to the lane topic of
 * every handler whose route matches, keeping the record key (so per-key order holds in each lane)
 * and setting the {@code eventName} and table headers. Records that are not change events go to
 * {@link Pipeline#topologyDeadLetterTopic()} with the {@link
 * dev.tributary.core.kafka.DeadLetterHeaders}.
 */
public final class PipelineTopology {
  /** How often Streams commits; each commit ends a transaction, so this bounds lane latency. */
  public static final long COMMIT_INTERVAL_MS = 100;

  /** The Streams producer's {@code batch.size}: bytes of lane records per partition and request. */
  public static final int LANE_BATCH_BYTES = 64 * 1024;

  /** The Streams producer's {@code compression.type}: batches of JSON events compress well. */
  public static final String LANE_COMPRESSION = "lz4";

  private PipelineTopology() {}

  /**
   * The topology of {@code pipeline}. Handlers whose snapshot choice is left to them are asked now,
   * through a probe instance.
   */
  public static Topology build(Pipeline pipeline) {
    Objects.requireNonNull(pipeline, "pipeline");
    RoutingPlan plan = RoutingPlan.of(pipeline);
    Topology topology = new Topology();
    topology.addSource(
        RoutingPlan.SOURCE,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer(),
        pipeline.sourceTopics().toArray(String[]::new));
    topology.addProcessor(
        RoutingPlan.PROCESSOR, () -> new RoutingProcessor(plan), RoutingPlan.SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(RoutingPlan.SEQUENCE_STORE),
                Serdes.Bytes(),
                Serdes.String())
            // A key's successive sequences within one commit reach RocksDB and the changelog once,
            // at the commit, instead of once per event.
            .withCachingEnabled(),
        RoutingPlan.PROCESSOR);
    for (LaneRoute lane : plan.lanes()) {
      topology.addSink(
          lane.sinkName(),
          pipeline.laneTopic(lane.handler()),
          new ByteArraySerializer(),
          new ByteArraySerializer(),
          RoutingPlan.PROCESSOR);
    }
    topology.addSink(
        RoutingPlan.DEAD_LETTER_SINK,
        pipeline.topologyDeadLetterTopic(),
        new ByteArraySerializer(),
        new ByteArraySerializer(),
        RoutingPlan.PROCESSOR);
    return topology;
  }

  /** The name of the per-key last-sequence state store (its changelog topic derives from it). */
  public static String sequenceStoreName() {
    return RoutingPlan.SEQUENCE_STORE;
  }

  /**
   * Streams configuration for {@code pipeline}: exactly-once v2, the pipeline's application id, a
   * 100 ms commit interval, 64 KB lz4-compressed producer batches, replication factor 1 for
   * internal topics (a single-node broker's default) and reading new change topics from the start.
   */
  public static Properties streamsConfig(
      Pipeline pipeline, String bootstrapServers, Path stateDir) {
    return streamsConfig(pipeline, bootstrapServers, stateDir, Map.of());
  }

  /** As {@link #streamsConfig(Pipeline, String, Path)}, with {@code overrides} applied last. */
  public static Properties streamsConfig(
      Pipeline pipeline, String bootstrapServers, Path stateDir, Map<String, ?> overrides) {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(overrides, "overrides");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must name at least one broker");
    }
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, Topics.applicationId(pipeline.name()));
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(COMMIT_INTERVAL_MS));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class.getName());
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    // Lane records are whole events (often 0.5-2 KB): 16 KB batches made the producer, the broker
    // and the transaction markers work per few dozen events. 64 KB: 1.3-1.4x the events/s through
    // the topology in PipelineThroughputBenchmark, same latency (Streams' 100 ms linger and the
    // commit interval bound it, not the batch size).
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), LANE_BATCH_BYTES);
    // Every event crosses the broker twice (change topic, lane), and the broker's cost is mostly
    // copying bytes into its log: compressed lanes (and changelog) took the pipeline from 0.37 to
    // 0.45 of raw Kafka's events/s in PipelineThroughputBenchmark. lz4, the cheapest to compress.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), LANE_COMPRESSION);
    overrides.forEach(
        (k, v) ->
            p.put(
                Objects.requireNonNull(k, "override key"),
                Objects.requireNonNull(v, () -> "override " + k)));
    return p;
  }
}

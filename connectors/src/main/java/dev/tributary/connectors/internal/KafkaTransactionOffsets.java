package dev.tributary.connectors.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.storage.OffsetBackingStore;
import org.apache.kafka.connect.util.Callback;

/**
 * Debezium's offsets kept in the connectors' checkpoint topic, written by {@link DebeziumConsumer}
 * in the same Kafka transaction as the change records they cover, so the committed offset always
 * matches what the change topics hold. The engine instantiates this class by name ({@code
 * offset.storage}); it finds its source's Kafka settings by the {@value #SOURCE_PROPERTY} property.
 * The engine's own writes ({@link #set}) are accepted and dropped: the offsets are already
 * committed when the engine gets to flush them (and only then does Postgres' slot advance).
 *
 * <p>Keys and values are the bytes the engine's offset reader looks for: Connect's JSON converter
 * without schemas, key {@code [engine name, source partition]}, as Kafka Connect stores them.
 */
public final class KafkaTransactionOffsets implements OffsetBackingStore {
  public static final String SOURCE_PROPERTY = "tributary.source.id";
  private static final Map<String, Registration> SOURCES = new ConcurrentHashMap<>();

  /** What the store of one running source needs. */
  public record Registration(
      Map<String, Object> clientConfig, CheckpointTopic topic, String prefix) {}

  private Registration registration;
  private final Map<ByteBuffer, ByteBuffer> offsets = new ConcurrentHashMap<>();

  public static void register(String sourceId, Registration r) {
    SOURCES.put(sourceId, r);
  }

  public static void unregister(String sourceId) {
    SOURCES.remove(sourceId);
  }

  @Override
  public void configure(WorkerConfig config) {
    Object id = config.originals().get(SOURCE_PROPERTY);
    registration = id == null ? null : SOURCES.get(id.toString());
    if (registration == null) {
      throw new IllegalStateException("No Tributary Debezium source registered as '" + id + "'");
    }
  }

  @Override
  public void start() {
    try (Admin admin = Admin.create(registration.clientConfig())) {
      registration
          .topic()
          .read(admin, registration.prefix())
          .forEach((k, v) -> offsets.put(buffer(k), buffer(v)));
    }
  }

  @Override
  public void stop() {}

  @Override
  public Future<Map<ByteBuffer, ByteBuffer>> get(Collection<ByteBuffer> keys) {
    Map<ByteBuffer, ByteBuffer> out = new HashMap<>();
    for (ByteBuffer k : keys) {
      ByteBuffer v = offsets.get(k);
      if (v != null) {
        out.put(k, v);
      }
    }
    return CompletableFuture.completedFuture(out);
  }

  @Override
  public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
    if (callback != null) {
      callback.onCompletion(null, null);
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Set<Map<String, Object>> connectorPartitions(String connectorName) {
    return new HashSet<>();
  }

  private static ByteBuffer buffer(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Turns source offsets into checkpoint records, as the engine's offset writer would. */
  public static final class Writer {
    private final String engineName;
    private final CheckpointTopic topic;
    private final String prefix;
    private final JsonConverter keys = new JsonConverter();
    private final JsonConverter values = new JsonConverter();

    public Writer(String engineName, CheckpointTopic topic, String prefix) {
      this.engineName = engineName;
      this.topic = topic;
      this.prefix = prefix;
      keys.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), true);
      values.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false"), false);
    }

    public List<ProducerRecord<byte[], byte[]>> records(
        Map<Map<String, ?>, Map<String, ?>> offsets) {
      List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
      offsets.forEach(
          (partition, offset) -> {
            byte[] k = keys.fromConnectData(engineName, null, List.of(engineName, partition));
            byte[] v = values.fromConnectData(engineName, null, offset);
            out.add(
                topic.record(
                    prefix + new String(k, StandardCharsets.UTF_8),
                    new String(v, StandardCharsets.UTF_8)));
          });
      return out;
    }
  }
}

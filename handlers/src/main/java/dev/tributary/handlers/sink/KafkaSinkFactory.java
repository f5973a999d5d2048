package dev.tributary.handlers.sink;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: kafka}: each event produced to a topic. Keys: {@code bootstrap-servers}, {@code
 * topic}, {@code key-attribute}, {@code timeout}, and {@code producer} (a map of Kafka producer
 * settings).
 */
public final class KafkaSinkFactory implements HandlerFactory {
  static final ConfigKey<String> BOOTSTRAP =
      ConfigKey.string("bootstrap-servers", "host:port[,host:port] of the Kafka cluster");
  static final ConfigKey<String> TOPIC =
      ConfigKey.string("topic", "the topic to produce to (must exist or be auto-created)");
  static final ConfigKey<String> KEY_ATTRIBUTE =
      ConfigKey.string(
          "key-attribute",
          "the key attribute whose JSON is the record key; default all key attributes");
  static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration("timeout", "how long a send may take before the batch fails")
          .withDefault(Duration.ofSeconds(30));

  static final ConfigKey<Map<String, Object>> PRODUCER =
      ConfigKey.map(
          "producer",
          "Kafka producer settings added to (or overriding) the above, e.g. {compression.type: zstd}");

  /** Every key this factory reads, besides the {@code producer} map. */
  public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP, TOPIC, KEY_ATTRIBUTE, TIMEOUT);

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Map<String, Object> rest = new HashMap<>(config);
    Object producer = rest.remove(PRODUCER.name());
    Config c = Config.of(type(), rest, KEYS);
    String bootstrap = c.require(BOOTSTRAP);
    String topic = c.require(TOPIC);
    Map<String, Object> extra = new HashMap<>();
    if (producer != null) {
      if (!(producer instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(
            "kafka handler: key 'producer' must be a map of Kafka producer settings");
      }
      m.forEach((k, v) -> extra.put(String.valueOf(k), v));
    }
    try {
      return KafkaSink.of(
          bootstrap, topic, c.get(KEY_ATTRIBUTE), c.get(TIMEOUT).orElseThrow(), extra);
    } catch (IllegalArgumentException e) {
      throw c.invalid(TOPIC, e);
    }
  }

  /** {@link #KEYS} and {@code producer}. */
  @Override
  public List<ConfigKey<?>> configKeys() {
    return List.of(BOOTSTRAP, TOPIC, KEY_ATTRIBUTE, TIMEOUT, PRODUCER);
  }
}

package dev.tributary.handlers.internal;

import dev.tributary.core.ConfigKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A handler's configuration map read against its declared keys. Nested maps ({@code smtp: {host:
 * x}}, as YAML gives them) and dotted names ({@code smtp.host: x}) are the same key. Unknown keys
 * are rejected with the list of known ones, so a typo never passes silently; every error names the
 * handler type and the key.
 */
public final class Config {
  private final String type;
  private final Map<String, Object> values;

  private Config(String type, Map<String, Object> values) {
    this.type = type;
    this.values = values;
  }

  public static Config of(String type, Map<String, ?> raw, List<ConfigKey<?>> keys) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(raw, "config");
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", raw, flat, type);
    TreeSet<String> known = new TreeSet<>();
    for (ConfigKey<?> k : keys) {
      known.add(k.name());
    }
    List<String> unknown = new ArrayList<>();
    for (String k : flat.keySet()) {
      if (!known.contains(k)) {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          type
              + " handler: unknown configuration key"
              + (unknown.size() > 1 ? "s " : " ")
              + unknown
              + "; known keys: "
              + known);
    }
    return new Config(type, flat);
  }

  private static void flatten(
      String prefix, Map<String, ?> in, Map<String, Object> out, String type) {
    for (Map.Entry<String, ?> e : in.entrySet()) {
      String key = prefix + Objects.requireNonNull(e.getKey(), "configuration key");
      Object v = e.getValue();
      if (v instanceof Map<?, ?> m) {
        @SuppressWarnings("unchecked") // YAML and Java maps have string keys
        Map<String, ?> nested = (Map<String, ?>) m;
        flatten(key + ".", nested, out, type);
      } else if (v != null) {
        if (out.put(key, v) != null) {
          throw new IllegalArgumentException(type + " handler: key '" + key + "' is given twice");
        }
      }
    }
  }

  public <T> Optional<T> get(ConfigKey<T> key) {
    Object raw = values.get(key.name());
    if (raw == null) {
      return key.defaultValue();
    }
    try {
      return Optional.of(key.parse(raw));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          type + " handler: key '" + key.name() + "' " + e.getMessage(), e);
    }
  }

  public <T> T require(ConfigKey<T> key) {
    return get(key)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    type + " handler: key '" + key.name() + "' is required (" + key.doc() + ")"));
  }

  public boolean has(ConfigKey<?> key) {
    return values.containsKey(key.name());
  }

  /**
   * Hands the key's value (or default), when there is one, to {@code setter}; a rejection by the
   * setter is rethrown naming the handler type and the key ({@link #invalid}). Factories import it
   * statically: {@code set(c, HOST, builder::host)}.
   */
  public static <T> void set(Config c, ConfigKey<T> key, Consumer<? super T> setter) {
    c.get(key)
        .ifPresent(
            v -> {
              try {
                setter.accept(v);
              } catch (IllegalArgumentException e) {
                throw c.invalid(key, e);
              }
            });
  }

  /** Rethrows a builder's rejection with the handler type and the configuration key named. */
  public IllegalArgumentException invalid(ConfigKey<?> key, RuntimeException cause) {
    return new IllegalArgumentException(
        type + " handler: key '" + key.name() + "': " + cause.getMessage(), cause);
  }
}

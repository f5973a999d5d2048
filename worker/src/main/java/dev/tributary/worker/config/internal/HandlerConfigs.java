package dev.tributary.worker.config.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A handler's {@code config} map as the worker prepares it: path keys resolved against the
 * configuration file's directory, a copy without them for the check that creates one handler, and
 * the node of a key a factory's error names. Keys are nested ({@code ledger: {path: x}}) or dotted
 * ({@code ledger.path: x}), as handlers accept both.
 */
final class HandlerConfigs {
  /** {@code key 'smtp.host'} or {@code unknown configuration key(s) [subjekt, ...]}. */
  private static final Pattern NAMED_KEY = Pattern.compile("key '([^']+)'|keys? \\[([^,\\]]+)");

  private HandlerConfigs() {}

  /**
   * A deep copy of {@code config} with each relative path of {@code keys} resolved against {@code
   * baseDir}.
   */
  static Map<String, Object> resolvePaths(
      Map<String, Object> config, Set<String> keys, Path baseDir) {
    Map<String, Object> out = copy(config);
    for (String key : keys) {
      locate(out, key)
          .ifPresent(
              at -> {
                if (at.map().get(at.key()) instanceof String p && !p.isBlank()) {
                  at.map().put(at.key(), baseDir.resolve(p).normalize().toString());
                }
              });
    }
    return out;
  }

  /** A deep copy of {@code config} without {@code keys}. */
  static Map<String, Object> without(Map<String, Object> config, Set<String> keys) {
    Map<String, Object> out = copy(config);
    keys.forEach(k -> locate(out, k).ifPresent(at -> at.map().remove(at.key())));
    return out;
  }

  /** The node of the key a factory's message names, or {@code config} itself. */
  static Node keyNamedIn(String message, Node config) {
    Matcher m = NAMED_KEY.matcher(String.valueOf(message));
    if (!m.find()) {
      return config;
    }
    String key = (m.group(1) != null ? m.group(1) : m.group(2)).strip();
    return node(config, key).orElse(config);
  }

  private static Optional<Node> node(Node n, String key) {
    Node direct = n.get(key);
    if (direct.present()) {
      return Optional.of(direct);
    }
    for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
      Node head = n.get(key.substring(0, dot));
      if (head.isMap()) {
        Optional<Node> found = node(head, key.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private record At(Map<String, Object> map, String key) {}

  @SuppressWarnings("unchecked") // YAML maps have string keys
  private static Optional<At> locate(Map<String, Object> map, String key) {
    if (map.containsKey(key)) {
      return Optional.of(new At(map, key));
    }
    for (int dot = key.indexOf('.'); dot > 0; dot = key.indexOf('.', dot + 1)) {
      if (map.get(key.substring(0, dot)) instanceof Map<?, ?> sub) {
        Optional<At> found = locate((Map<String, Object>) sub, key.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  @SuppressWarnings("unchecked") // YAML maps have string keys
  private static Map<String, Object> copy(Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? copy((Map<String, Object>) m) : v));
    return out;
  }
}

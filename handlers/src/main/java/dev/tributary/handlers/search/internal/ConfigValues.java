package dev.tributary.handlers.search.internal;

import dev.tributary.core.ConfigDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads configuration values (from YAML or Java maps), naming the key in every error. */
public final class ConfigValues {
  private ConfigValues() {}

  /**
   * Flattens nested maps into dotted keys ({@code index: {name: x}} is {@code index.name}), except
   * below a declared key, whose value may itself be a map.
   */
  public static void flatten(
      String prefix, Map<?, ?> in, Map<String, Object> out, Collection<String> declared) {
    for (Map.Entry<?, ?> e : in.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested && !declared.contains(key)) {
        flatten(key + ".", nested, out, declared);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  public static String string(String key, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("'" + key + "' must be a string, was " + describe(v));
  }

  public static List<String> strings(String key, Object v) {
    if (v instanceof String s) {
      List<String> out = new ArrayList<>();
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    if (v instanceof List<?> list) {
      List<String> out = new ArrayList<>();
      for (Object o : list) {
        out.add(string(key + "[]", o));
      }
      return out;
    }
    throw new IllegalArgumentException(
        "'" + key + "' must be a string or a list of strings, was " + describe(v));
  }

  public static Map<String, Object> map(String key, Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), x));
      return out;
    }
    throw new IllegalArgumentException("'" + key + "' must be a map, was " + describe(v));
  }

  public static int integer(String key, Object v) {
    if (v instanceof Integer i) {
      return i;
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + key + "' must be an integer, was '" + s + "'", e);
      }
    }
    throw new IllegalArgumentException("'" + key + "' must be an integer, was " + describe(v));
  }

  /**
   * A Duration, or text as {@link ConfigDuration} reads it: {@code 250ms}, {@code 5s}, {@code 2m},
   * {@code 24h}, {@code 1d} or ISO-8601.
   */
  public static Duration duration(String key, Object v) {
    if (v instanceof Duration d) {
      return d;
    }
    if (v instanceof String s) {
      return ConfigDuration.parse(s)
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "'"
                          + key
                          + "' must be a duration like 250ms, 5s, 2m, 24h, 1d or PT5S, was '"
                          + s
                          + "'"));
    }
    throw new IllegalArgumentException("'" + key + "' must be a duration, was " + describe(v));
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }
}

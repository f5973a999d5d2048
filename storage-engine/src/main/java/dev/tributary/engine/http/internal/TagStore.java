package dev.tributary.engine.http.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Tags per table ARN, kept in memory for the server's lifetime. */
final class TagStore {
  static final int MAX_TAGS = 50;
  private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

  void tag(String arn, Map<String, String> add) {
    tags.compute(
        arn,
        (k, old) -> {
          Map<String, String> next = old == null ? new LinkedHashMap<>() : new LinkedHashMap<>(old);
          next.putAll(add);
          if (next.size() > MAX_TAGS) {
            throw new WireException(
                "ValidationException", 400,
                "One or more parameter values were invalid: The number of tags exceeds the limit of "
                    + MAX_TAGS);
          }
          return Map.copyOf(next);
        });
  }

  void untag(String arn, List<String> keys) {
    tags.computeIfPresent(
        arn,
        (k, old) -> {
          Map<String, String> next = new LinkedHashMap<>(old);
          keys.forEach(next::remove);
          return next.isEmpty() ? null : Map.copyOf(next);
        });
  }

  Map<String, String> list(String arn) {
    return tags.getOrDefault(arn, Map.of());
  }

  void drop(String arn) {
    tags.remove(arn);
  }
}

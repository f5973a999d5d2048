package dev.tributary.core.handler;

import java.util.Map;

/**
 * Creates handlers of one type from configuration; found with {@link java.util.ServiceLoader}
 * (list implementations in {@code META-INF/services/dev.tributary.core.handler.HandlerFactory}),
 * so the worker can build pipelines from YAML ({@code type: search}).
 */
public interface HandlerFactory {
  /** The type name configuration uses, e.g. {@code "email"}, {@code "search"}, {@code "archive"}. */
  String type();

  /**
   * A handler from its configuration (already parsed from YAML or built in Java). Throws
   * IllegalArgumentException naming the bad or missing key.
   */
  ChangeHandler create(Map<String, Object> config);
}

package dev.tributary.core.handler;

import dev.tributary.core.ConfigKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates handlers of one type from configuration; found with {@link java.util.ServiceLoader} (list
 * implementations in {@code META-INF/services/dev.tributary.core.handler.HandlerFactory}), so the
 * worker can build pipelines from YAML ({@code type: search}).
 */
public interface HandlerFactory {
  /**
   * The type name configuration uses, e.g. {@code "email"}, {@code "search"}, {@code "archive"}.
   */
  String type();

  /**
   * A handler from its configuration (already parsed from YAML or built in Java). Throws
   * IllegalArgumentException naming the bad or missing key.
   */
  ChangeHandler create(Map<String, Object> config);

  /**
   * The keys of {@link #create}'s configuration whose values are file paths ({@code ledger.path}).
   * The worker resolves a relative one against the configuration file's directory, as it does its
   * own paths, and leaves them out when it only checks a configuration, so checking creates no
   * file.
   */
  default Set<String> pathKeys() {
    return Set.of();
  }

  /**
   * Every key of {@link #create}'s configuration, declared once (name, kind, default, one line of
   * doc); the worker's configuration documentation and JSON Schema are generated from them. Empty
   * when the factory does not declare its keys: its configuration is then documented and checked
   * only by {@link #create}.
   */
  default List<ConfigKey<?>> configKeys() {
    return List.of();
  }
}

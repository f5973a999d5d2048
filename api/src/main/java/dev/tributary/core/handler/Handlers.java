package dev.tributary.core.handler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds handler factories on the class path by their type name. */
public final class Handlers {
  private Handlers() {}

  /** Every factory on the class path, by type name. */
  public static Map<String, HandlerFactory> factories() {
    Map<String, HandlerFactory> out = new TreeMap<>();
    for (HandlerFactory f : ServiceLoader.load(HandlerFactory.class)) {
      out.put(f.type(), f);
    }
    return out;
  }

  /** Creates a handler of {@code type}; an unknown type names the known ones. */
  public static ChangeHandler create(String type, Map<String, Object> config) {
    Objects.requireNonNull(type, "type");
    Map<String, HandlerFactory> all = factories();
    HandlerFactory f = all.get(type);
    if (f == null) {
      throw new IllegalArgumentException(
          "Unknown handler type '" + type + "'; known types: " + new ArrayList<>(all.keySet()));
    }
    return f.create(config == null ? Map.of() : config);
  }

  static List<String> types() {
    return new ArrayList<>(factories().keySet());
  }
}

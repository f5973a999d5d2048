package dev.tributary.worker.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tributary.core.ConfigKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A position in the configuration tree: the value there, its path for messages ({@code
 * pipelines[0].handlers.email.batch.size}) and its JSON pointer for the line. Readers report
 * problems here and go on, so one run finds every problem.
 */
public final class Node {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * The worker's words for the problems {@link ConfigKey.Wording} covers; every value is checked by
   * {@link ConfigKey#parse(Object, ConfigKey.Wording)}, so a key reads the same here as in a
   * handler.
   */
  private static final ConfigKey.Wording WORDING =
      new ConfigKey.Wording() {
        @Override
        public String notInteger(Object raw) {
          return "must be a whole number, was '" + raw + "'";
        }

        @Override
        public String outOfRange(long min, long max, long value) {
          return "must be " + min + "-" + max + ", was " + value;
        }

        @Override
        public String notDuration(Object raw) {
          return Durations.notDuration(raw);
        }
      };

  private static final ConfigKey<Boolean> BOOLEAN = ConfigKey.bool("value", "true or false");
  private static final ConfigKey<Duration> DURATION = ConfigKey.duration("value", "a duration");

  private final JsonNode value;
  private final String pointer;
  private final String path;
  private final Problems problems;

  private Node(JsonNode value, String pointer, String path, Problems problems) {
    this.value = value == null ? MissingNode.getInstance() : value;
    this.pointer = pointer;
    this.path = path;
    this.problems = problems;
  }

  public static Node root(JsonNode value, Problems problems) {
    return new Node(value, "", "", problems);
  }

  public JsonNode json() {
    return value;
  }

  public String path() {
    return path;
  }

  /** The child {@code name} (missing when absent). */
  public Node get(String name) {
    return new Node(
        value.isObject() ? value.get(name) : null,
        pointer + "/" + EnvSubstitution.escape(name),
        path.isEmpty() ? name : path + "." + name,
        problems);
  }

  /** The child a declared key names. */
  public Node get(ConfigKey<?> key) {
    return get(key.name());
  }

  /** The child a declared section names. */
  public Node get(ConfigSection section) {
    return get(section.name());
  }

  /** Reports keys other than the section's declared ones. */
  public Node allowOnly(ConfigSection section) {
    return allowOnly(section.keyNames());
  }

  /**
   * The value of the declared key here, read as its kind says (an integer with its bounds, {@link
   * #oneOf} its choices, ...); a problem when it has the wrong shape; empty when absent.
   */
  @SuppressWarnings("unchecked") // the kind says which type the key holds
  public <T> Optional<T> value(ConfigKey<T> key) {
    Node n = get(key);
    return switch (key.kind()) {
      case STRING -> (Optional<T>) n.text();
      case BOOLEAN, INTEGER, NUMBER -> n.read(key, n.scalar());
      case DURATION, CHOICE -> n.read(key, n.text());
      case MAP -> n.present() ? Optional.of((T) n.asMap()) : Optional.empty();
      case LIST, ANY ->
          throw new UnsupportedOperationException(key.name() + " is read element by element");
    };
  }

  /**
   * {@code raw} checked and converted by {@code key}; a problem here, and empty, when it is not
   * one.
   */
  private <T> Optional<T> read(ConfigKey<T> key, Optional<?> raw) {
    return raw.flatMap(r -> attempt(() -> key.parse(r, WORDING)));
  }

  /**
   * A number or boolean as it is, anything else as its text (a map's or list's is empty); empty
   * when absent.
   */
  private Optional<Object> scalar() {
    if (!present()) {
      return Optional.empty();
    }
    return Optional.of(
        value.isNumber()
            ? value.numberValue()
            : value.isBoolean() ? value.booleanValue() : value.asText());
  }

  /** The value of the declared key here, or its default. */
  public <T> T valueOr(ConfigKey<T> key) {
    return value(key)
        .orElseGet(
            () ->
                key.defaultValue()
                    .orElseThrow(() -> new IllegalStateException(key.name() + " has no default")));
  }

  public boolean present() {
    return !value.isMissingNode() && !value.isNull();
  }

  public void problem(String message) {
    problems.add(pointer, path, message);
  }

  /** Reports keys other than {@code known}, each at its own line, naming the known ones. */
  public Node allowOnly(String... known) {
    if (!value.isObject()) {
      if (present()) {
        problem("must be a map with keys " + Arrays.asList(known));
      }
      return this;
    }
    Set<String> allowed = new LinkedHashSet<>(Arrays.asList(known));
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) {
        get(k).problem("unknown key; known keys here: " + allowed);
      }
    }
    return this;
  }

  public boolean isMap() {
    return value.isObject();
  }

  public boolean isList() {
    return value.isArray();
  }

  public boolean isScalar() {
    return value.isValueNode() && !value.isNull();
  }

  /** The map's entries in file order; a present non-map is a problem and gives none. */
  public Map<String, Node> fields() {
    Map<String, Node> out = new LinkedHashMap<>();
    if (value.isObject()) {
      value.fieldNames().forEachRemaining(k -> out.put(k, get(k)));
    } else if (present()) {
      problem("must be a map");
    }
    return out;
  }

  /** The list's elements; a single value counts as a list of one; absent gives none. */
  public List<Node> elements() {
    List<Node> out = new ArrayList<>();
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        out.add(new Node(value.get(i), pointer + "/" + i, path + "[" + i + "]", problems));
      }
    } else if (present()) {
      out.add(this);
    }
    return out;
  }

  public Optional<String> text() {
    if (!present()) {
      return Optional.empty();
    }
    if (!value.isValueNode()) {
      problem("must be a single value, not a " + (value.isArray() ? "list" : "map"));
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  /** The text, or a problem naming the missing key. */
  public Optional<String> requiredText() {
    if (!present()) {
      problem("is required");
      return Optional.empty();
    }
    return text();
  }

  public Optional<Boolean> bool() {
    return read(BOOLEAN, scalar());
  }

  public Optional<Duration> duration() {
    return read(DURATION, text());
  }

  /** One of {@code choices} (case-insensitive), as written in the list. */
  public Optional<String> oneOf(String... choices) {
    return read(ConfigKey.choice("value", "one of the choices", choices), text());
  }

  /** The value as plain Java maps, lists and scalars (for handler configuration). */
  @SuppressWarnings("unchecked") // a JSON object converts to a map with string keys
  public Map<String, Object> asMap() {
    if (!present()) {
      return Map.of();
    }
    if (!value.isObject()) {
      problem("must be a map");
      return Map.of();
    }
    return MAPPER.convertValue(value, LinkedHashMap.class);
  }

  /** Runs DSL code that validates; its {@link IllegalArgumentException} becomes a problem here. */
  public <T> Optional<T> attempt(Supplier<T> build) {
    try {
      return Optional.ofNullable(build.get());
    } catch (IllegalArgumentException | IllegalStateException e) {
      problem(e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return path + "=" + value;
  }
}

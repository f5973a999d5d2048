package dev.tributary.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One configuration key, declared once (Kafka's {@code ConfigDef} pattern): its name, its {@link
 * Kind} (what a value must look like), how a raw value (from YAML or a Java map) becomes a typed
 * one, its default and one line of documentation. The worker's YAML and every handler's settings
 * are declared with it; the worker's documentation tables and JSON Schema are generated from those
 * declarations. A parser throws {@link IllegalArgumentException} saying what was expected; the
 * caller adds the key's name. The few problems two readers word differently are worded by a {@link
 * Wording}, so one piece of code checks values for both.
 */
public final class ConfigKey<T> {
  /** What a value of the key looks like, for documentation and schemas. */
  public enum Kind {
    STRING,
    BOOLEAN,
    INTEGER,
    NUMBER,
    DURATION,
    /** One of {@link #choices()}. */
    CHOICE,
    /** A map of names to values. */
    MAP,
    /** A list (a single value counts as a list of one). */
    LIST,
    /** A value whose shape the reader checks itself (a condition, a key written two ways). */
    ANY
  }

  private final String name;
  private final String doc;
  private final Kind kind;
  private final long min;
  private final long max;
  private final List<String> choices;
  private final BiFunction<Object, Wording, T> parser;
  private final Optional<T> defaultValue;
  private final Optional<String> defaultDoc;

  private ConfigKey(
      String name,
      String doc,
      Kind kind,
      long min,
      long max,
      List<String> choices,
      BiFunction<Object, Wording, T> parser,
      Optional<T> defaultValue,
      Optional<String> defaultDoc) {
    this.name = Objects.requireNonNull(name, "name");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.kind = kind;
    this.min = min;
    this.max = max;
    this.choices = List.copyOf(choices);
    this.parser = Objects.requireNonNull(parser, "parser");
    this.defaultValue = defaultValue;
    this.defaultDoc = defaultDoc;
  }

  /**
   * How the problems of an integer out of bounds, of a non-integer and of a non-duration are
   * worded: {@link #parse(Object)} uses the defaults; a reader with wording of its own (the
   * worker's YAML reader) overrides them and calls {@link #parse(Object, Wording)}. Other problems
   * are worded the same for every reader.
   */
  public interface Wording {
    default String notInteger(Object raw) {
      return "must be an integer, was '" + raw + "'";
    }

    default String outOfRange(long min, long max, long value) {
      return "must be between " + min + " and " + max + ", was " + value;
    }

    default String notDuration(Object raw) {
      return "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, was '" + raw + "'";
    }
  }

  private static final Wording DEFAULT_WORDING = new Wording() {};

  private static <T> ConfigKey<T> of(
      String name, String doc, Kind kind, Function<Object, T> parser) {
    return of(name, doc, kind, (raw, wording) -> parser.apply(raw));
  }

  private static <T> ConfigKey<T> of(
      String name, String doc, Kind kind, BiFunction<Object, Wording, T> parser) {
    return new ConfigKey<>(
        name,
        doc,
        kind,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        List.of(),
        parser,
        Optional.empty(),
        Optional.empty());
  }

  public static ConfigKey<String> string(String name, String doc) {
    return of(name, doc, Kind.STRING, ConfigKey::asString);
  }

  public static ConfigKey<Boolean> bool(String name, String doc) {
    return of(name, doc, Kind.BOOLEAN, ConfigKey::asBoolean);
  }

  public static ConfigKey<Integer> integer(String name, String doc, int min, int max) {
    return new ConfigKey<>(
        name,
        doc,
        Kind.INTEGER,
        min,
        max,
        List.of(),
        (raw, wording) -> asInt(raw, min, max, wording),
        Optional.empty(),
        Optional.empty());
  }

  /** Any number. */
  public static ConfigKey<Double> number(String name, String doc) {
    return of(name, doc, Kind.NUMBER, ConfigKey::asDouble);
  }

  public static ConfigKey<Double> positiveNumber(String name, String doc) {
    return of(name, doc, Kind.NUMBER, ConfigKey::asPositiveDouble);
  }

  /**
   * A duration: ISO-8601 ({@code PT30S}), {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h},
   * {@code 1d}.
   */
  public static ConfigKey<Duration> duration(String name, String doc) {
    return of(name, doc, Kind.DURATION, ConfigKey::asDuration);
  }

  /** One of an enum's constants, written in any case with '-' or '_'. */
  public static <E extends Enum<E>> ConfigKey<E> oneOf(String name, String doc, Class<E> type) {
    List<String> names = Arrays.stream(type.getEnumConstants()).map(ConfigKey::written).toList();
    return new ConfigKey<>(
        name,
        doc,
        Kind.CHOICE,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        names,
        (raw, wording) -> asEnum(raw, type),
        Optional.empty(),
        Optional.empty());
  }

  /** One of {@code choices}, in any case; the value is the choice as written here. */
  public static ConfigKey<String> choice(String name, String doc, String... choices) {
    List<String> list = List.of(choices);
    return new ConfigKey<>(
        name,
        doc,
        Kind.CHOICE,
        Long.MIN_VALUE,
        Long.MAX_VALUE,
        list,
        (raw, wording) -> asChoice(raw, list),
        Optional.empty(),
        Optional.empty());
  }

  /** A map of names to values, such as client properties. */
  public static ConfigKey<Map<String, Object>> map(String name, String doc) {
    return of(name, doc, Kind.MAP, ConfigKey::asMap);
  }

  /** A list; a single value is a list of one. */
  public static ConfigKey<List<Object>> list(String name, String doc) {
    return of(
        name, doc, Kind.LIST, raw -> raw instanceof List<?> l ? List.copyOf(l) : List.of(raw));
  }

  /** A value whose shape its reader checks (a condition, a key written as a name or a map). */
  public static ConfigKey<Object> any(String name, String doc) {
    return of(name, doc, Kind.ANY, raw -> raw);
  }

  public ConfigKey<T> withDefault(T value) {
    return new ConfigKey<>(
        name,
        doc,
        kind,
        min,
        max,
        choices,
        parser,
        Optional.of(Objects.requireNonNull(value, "value")),
        defaultDoc);
  }

  /**
   * The default as the documentation says it, when it is not a fixed value ({@code random}, {@code
   * the remote engine's region}); the key's {@link #defaultValue()} is not changed.
   */
  public ConfigKey<T> withDefaultDoc(String text) {
    return new ConfigKey<>(
        name,
        doc,
        kind,
        min,
        max,
        choices,
        parser,
        defaultValue,
        Optional.of(Objects.requireNonNull(text, "text")));
  }

  public String name() {
    return name;
  }

  public String doc() {
    return doc;
  }

  public Kind kind() {
    return kind;
  }

  /** The least value of an {@link Kind#INTEGER} key ({@link Long#MIN_VALUE} for other kinds). */
  public long min() {
    return min;
  }

  /** The greatest value of an {@link Kind#INTEGER} key ({@link Long#MAX_VALUE} for other kinds). */
  public long max() {
    return max;
  }

  /** The values of a {@link Kind#CHOICE} key, as they are written; empty for other kinds. */
  public List<String> choices() {
    return choices;
  }

  public Optional<T> defaultValue() {
    return defaultValue;
  }

  /** The default as documentation writes it: its {@link #withDefaultDoc} text, else the value. */
  public Optional<String> defaultText() {
    if (defaultDoc.isPresent()) {
      return defaultDoc;
    }
    return defaultValue.map(ConfigKey::format);
  }

  /**
   * A value as configuration writes it: durations in their short form ({@code 250ms}, {@code 30s}),
   * enum constants in lower case with '-' ({@code from-lowest}).
   */
  public static String format(Object value) {
    if (value instanceof Enum<?> e) {
      return written(e);
    }
    if (value instanceof Duration d) {
      long ms = d.toMillis();
      if (ms % 86_400_000 == 0 && ms > 0) {
        return ms / 86_400_000 + "d";
      }
      if (ms % 3_600_000 == 0 && ms > 0) {
        return ms / 3_600_000 + "h";
      }
      if (ms % 60_000 == 0 && ms > 0) {
        return ms / 60_000 + "m";
      }
      if (ms % 1000 == 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
    return String.valueOf(value);
  }

  private static String written(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The typed value {@code raw} writes; throws {@link IllegalArgumentException} saying what was
   * expected.
   */
  public T parse(Object raw) {
    return parse(raw, DEFAULT_WORDING);
  }

  /** {@link #parse(Object)} with the problems {@link Wording} covers worded by {@code wording}. */
  public T parse(Object raw, Wording wording) {
    return parser.apply(raw, Objects.requireNonNull(wording, "wording"));
  }

  @Override
  public String toString() {
    return name;
  }

  private static String asString(Object raw) {
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      String s = raw.toString();
      if (s.isBlank()) {
        throw new IllegalArgumentException("must not be blank");
      }
      return s;
    }
    throw new IllegalArgumentException("must be a string, was a " + raw.getClass().getSimpleName());
  }

  private static Boolean asBoolean(Object raw) {
    if (raw instanceof Boolean b) {
      return b;
    }
    String s = raw.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.valueOf(s);
    }
    throw new IllegalArgumentException("must be true or false, was '" + raw + "'");
  }

  private static Integer asInt(Object raw, int min, int max, Wording wording) {
    long v;
    try {
      // exact integer types as they are; any other number (1.5, a BigInteger past long) as text
      v =
          raw instanceof Integer
                  || raw instanceof Long
                  || raw instanceof Short
                  || raw instanceof Byte
              ? ((Number) raw).longValue()
              : Long.parseLong(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(wording.notInteger(raw));
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(wording.outOfRange(min, max, v));
    }
    return (int) v;
  }

  private static Double asDouble(Object raw) {
    try {
      return raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number, was '" + raw + "'");
    }
  }

  private static Double asPositiveDouble(Object raw) {
    double v = asDouble(raw);
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("must be a positive number, was " + raw);
    }
    return v;
  }

  private static Duration asDuration(Object raw, Wording wording) {
    if (raw instanceof Duration d) {
      return d;
    }
    return ConfigDuration.parse(raw.toString())
        .orElseThrow(() -> new IllegalArgumentException(wording.notDuration(raw)));
  }

  private static String asChoice(Object raw, List<String> choices) {
    String s = raw.toString().trim();
    for (String c : choices) {
      if (c.equalsIgnoreCase(s)) {
        return c;
      }
    }
    throw new IllegalArgumentException("must be one of " + choices + ", was '" + raw + "'");
  }

  @SuppressWarnings("unchecked") // configuration maps have string keys
  private static Map<String, Object> asMap(Object raw) {
    if (raw instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("must be a map, was '" + raw + "'");
  }

  private static <E extends Enum<E>> E asEnum(Object raw, Class<E> type) {
    if (type.isInstance(raw)) {
      return type.cast(raw);
    }
    String s = raw.toString().trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    String[] names =
        Arrays.stream(type.getEnumConstants()).map(ConfigKey::written).toArray(String[]::new);
    throw new IllegalArgumentException(
        "must be one of " + String.join(", ", names) + ", was '" + raw + "'");
  }
}

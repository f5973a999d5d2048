package dev.tributary.handlers.internal;

import dev.tributary.core.ConfigDuration;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key, declared once: its dotted name, how a raw value (from YAML or a Java map)
 * becomes a typed one, its default and one line of documentation. A parser throws {@link
 * IllegalArgumentException} saying what was expected; {@link Config} adds the key's name.
 */
public final class ConfigKey<T> {
  private final String name;
  private final String doc;
  private final Function<Object, T> parser;
  private final Optional<T> defaultValue;

  private ConfigKey(String name, String doc, Function<Object, T> parser, Optional<T> defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.parser = Objects.requireNonNull(parser, "parser");
    this.defaultValue = defaultValue;
  }

  public static ConfigKey<String> string(String name, String doc) {
    return new ConfigKey<>(name, doc, ConfigKey::asString, Optional.empty());
  }

  public static ConfigKey<Boolean> bool(String name, String doc) {
    return new ConfigKey<>(name, doc, ConfigKey::asBoolean, Optional.empty());
  }

  public static ConfigKey<Integer> integer(String name, String doc, int min, int max) {
    return new ConfigKey<>(name, doc, raw -> asInt(raw, min, max), Optional.empty());
  }

  public static ConfigKey<Double> positiveNumber(String name, String doc) {
    return new ConfigKey<>(name, doc, ConfigKey::asPositiveDouble, Optional.empty());
  }

  /** A duration: ISO-8601 ({@code PT30S}), {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
  public static ConfigKey<Duration> duration(String name, String doc) {
    return new ConfigKey<>(name, doc, ConfigKey::asDuration, Optional.empty());
  }

  /** One of an enum's constants, written in any case with '-' or '_'. */
  public static <E extends Enum<E>> ConfigKey<E> oneOf(String name, String doc, Class<E> type) {
    return new ConfigKey<>(name, doc, raw -> asEnum(raw, type), Optional.empty());
  }

  public ConfigKey<T> withDefault(T value) {
    return new ConfigKey<>(name, doc, parser, Optional.of(value));
  }

  public String name() {
    return name;
  }

  public String doc() {
    return doc;
  }

  public Optional<T> defaultValue() {
    return defaultValue;
  }

  T parse(Object raw) {
    return parser.apply(raw);
  }

  private static String asString(Object raw) {
    if (raw instanceof String s || raw instanceof Number || raw instanceof Boolean) {
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

  private static Integer asInt(Object raw, int min, int max) {
    long v;
    try {
      v = raw instanceof Number n && !(raw instanceof Double || raw instanceof Float)
          ? n.longValue()
          : Long.parseLong(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer, was '" + raw + "'");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max + ", was " + v);
    }
    return (int) v;
  }

  private static Double asPositiveDouble(Object raw) {
    double v;
    try {
      v = raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number, was '" + raw + "'");
    }
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException("must be a positive number, was " + raw);
    }
    return v;
  }

  static Duration asDuration(Object raw) {
    if (raw instanceof Duration d) {
      return d;
    }
    return ConfigDuration.parse(raw.toString())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "must be a duration such as 500ms, 30s, 5m, 1h or PT30S, was '" + raw + "'"));
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
        Arrays.stream(type.getEnumConstants())
            .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .toArray(String[]::new);
    throw new IllegalArgumentException(
        "must be one of " + String.join(", ", names) + ", was '" + raw + "'");
  }
}

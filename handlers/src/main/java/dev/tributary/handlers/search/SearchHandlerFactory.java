package dev.tributary.handlers.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.handlers.search.internal.ConfigValues;
import dev.tributary.handlers.search.internal.JsonImages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Creates {@link SearchHandler}s from configuration, type {@code search}. Keys may be given flat
 * ({@code index.name}) or nested ({@code index: {name: ..}}); each is declared once in {@link
 * #keys()}, with its type, default and meaning. An unknown key is rejected, naming the known ones.
 */
public final class SearchHandlerFactory implements HandlerFactory {

  /** One configuration key: what it is called, what it holds, its default, what it means. */
  public record Key(String name, String type, String defaultValue, String doc) {}

  /** A key and how it configures the builder; null for keys combined with others in create(). */
  private record Declared(
      ConfigKey<?> declared, Key key, BiConsumer<SearchHandler.Builder, Object> apply) {}

  private static final List<Declared> KEYS = new ArrayList<>();

  static {
    declare(
        ConfigKey.list("url", "OpenSearch nodes, e.g. http://localhost:9200"),
        "string or list of strings",
        "(required)",
        (b, v) -> ConfigValues.strings("url", v).forEach(b::url));
    declare(
        ConfigKey.string("username", "basic-auth user; needs password"),
        "string",
        "(none)",
        null); // applied with password, in create()
    declare(
        ConfigKey.string("password", "basic-auth password"),
        "string",
        "(none)",
        null); // combined in create()
    declare(
        ConfigKey.string("index.name", "index name template; {table} is the lower-cased table name")
            .withDefault("{table}"),
        "string",
        "{table}",
        (b, v) -> b.indexTemplate(ConfigValues.string("index.name", v)));
    declare(
        ConfigKey.map("index.by-table", "explicit index names for some tables"),
        "map of table to index",
        "{}",
        (b, v) ->
            ConfigValues.map("index.by-table", v)
                .forEach((t, i) -> b.index(t, ConfigValues.string("index.by-table." + t, i))));
    declare(
        ConfigKey.any(
                "index.body",
                "settings and mappings for indices the handler creates (JSON string or map)")
            .withDefaultDoc("numbers as double, no date detection"),
        "JSON string or map",
        "numbers as double, no date detection",
        (b, v) -> b.indexBody(v instanceof String s ? s : toJson(v)));
    declare(
        ConfigKey.duration(
                "index.gc-deletes", "how long created indices remember deletes (index.gc_deletes)")
            .withDefault(Duration.ofHours(24)),
        "duration",
        "24h",
        (b, v) -> b.gcDeletes(ConfigValues.duration("index.gc-deletes", v)));
    declare(
        ConfigKey.list("index.create-on-open", "tables whose indices are created on open"),
        "list of table names",
        "[]",
        (b, v) -> b.tables(ConfigValues.strings("index.create-on-open", v).toArray(String[]::new)));
    declare(
        ConfigKey.string("id.template", "document id from key attributes, e.g. {pk}#{sk}")
            .withDefaultDoc("canonical"),
        "string",
        "(canonical)",
        (b, v) -> b.idTemplate(ConfigValues.string("id.template", v)));
    declare(
        ConfigKey.duration("timeout.connect", "TCP connect timeout")
            .withDefault(Duration.ofSeconds(5)),
        "duration",
        "5s",
        (b, v) -> b.connectTimeout(ConfigValues.duration("timeout.connect", v)));
    declare(
        ConfigKey.duration("timeout.request", "response timeout of one request")
            .withDefault(Duration.ofSeconds(60)),
        "duration",
        "60s",
        (b, v) -> b.requestTimeout(ConfigValues.duration("timeout.request", v)));
    declare(
        ConfigKey.integer(
                "retry.max-attempts",
                "attempts of a bulk request before events are reported failed",
                1,
                Integer.MAX_VALUE)
            .withDefault(5),
        "int",
        "5",
        null); // combined in create()
    declare(
        ConfigKey.duration(
                "retry.initial-backoff", "first pause between attempts (doubles each time)")
            .withDefault(Duration.ofMillis(100)),
        "duration",
        "100ms",
        null); // combined in create()
    declare(
        ConfigKey.duration("retry.max-backoff", "longest pause between attempts")
            .withDefault(Duration.ofSeconds(5)),
        "duration",
        "5s",
        null); // combined in create()
  }

  private static void declare(
      ConfigKey<?> key, String type, String def, BiConsumer<SearchHandler.Builder, Object> apply) {
    KEYS.add(new Declared(key, new Key(key.name(), type, def, key.doc()), apply));
  }

  /** Every key this factory reads. */
  public static List<Key> keys() {
    return KEYS.stream().map(Declared::key).toList();
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS.stream().<ConfigKey<?>>map(Declared::declared).toList();
  }

  @Override
  public String type() {
    return "search";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Objects.requireNonNull(config, "config");
    Map<String, Object> flat = new LinkedHashMap<>();
    ConfigValues.flatten("", config, flat, KEYS.stream().map(d -> d.key().name()).toList());
    for (String k : flat.keySet()) {
      if (KEYS.stream().noneMatch(d -> d.key().name().equals(k))) {
        throw new IllegalArgumentException(
            "Unknown key '"
                + k
                + "' for a search handler; known keys: "
                + keys().stream().map(Key::name).toList());
      }
    }
    if (!flat.containsKey("url")) {
      throw new IllegalArgumentException("A search handler needs 'url'");
    }
    SearchHandler.Builder b = SearchHandler.builder();
    for (Declared d : KEYS) {
      Object v = flat.get(d.key().name());
      if (v != null && d.apply() != null) {
        d.apply().accept(b, v);
      }
    }
    if (flat.containsKey("username") != flat.containsKey("password")) {
      throw new IllegalArgumentException("'username' and 'password' go together");
    }
    if (flat.containsKey("username")) {
      b.basicAuth(
          ConfigValues.string("username", flat.get("username")),
          ConfigValues.string("password", flat.get("password")));
    }
    b.retry(retry(flat));
    return b.build();
  }

  private static RetryPolicy retry(Map<String, Object> flat) {
    int attempts =
        flat.containsKey("retry.max-attempts")
            ? ConfigValues.integer("retry.max-attempts", flat.get("retry.max-attempts"))
            : 5;
    Duration initial =
        flat.containsKey("retry.initial-backoff")
            ? ConfigValues.duration("retry.initial-backoff", flat.get("retry.initial-backoff"))
            : Duration.ofMillis(100);
    Duration max =
        flat.containsKey("retry.max-backoff")
            ? ConfigValues.duration("retry.max-backoff", flat.get("retry.max-backoff"))
            : Duration.ofSeconds(5);
    try {
      return RetryPolicy.attempts(attempts).withBackoff(initial, max, 2.0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("retry.*: " + e.getMessage(), e);
    }
  }

  private static String toJson(Object v) {
    try {
      return JsonImages.MAPPER.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "index.body cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}

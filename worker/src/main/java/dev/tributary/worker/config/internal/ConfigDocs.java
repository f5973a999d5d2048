package dev.tributary.worker.config.internal;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.core.handler.Handlers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link WorkerKeys} and the built-in handler factories' {@link HandlerFactory#configKeys()}
 * generate: the configuration table of docs/operations.md (between {@link #TABLE_START} and {@link
 * #TABLE_END}), one table per handler type's {@code config} (between {@link #HANDLER_TABLES_START}
 * and {@link #HANDLER_TABLES_END}), and docs/tributary-config.schema.json, a JSON Schema (draft
 * 2020-12) of the YAML for editors, each handler's {@code config} checked by its {@code type}.
 * {@code main} writes them; a test fails when they differ.
 */
public final class ConfigDocs {
  public static final String TABLE_START =
      "<!-- config-table:start (generated from WorkerKeys: do not edit) -->";
  public static final String TABLE_END = "<!-- config-table:end -->";
  public static final String HANDLER_TABLES_START =
      "<!-- handler-config-tables:start (generated from the handler factories' configKeys(): do not edit) -->";
  public static final String HANDLER_TABLES_END = "<!-- handler-config-tables:end -->";

  /**
   * The package of the built-in handler factories (the handlers module), whose keys are documented.
   */
  private static final String BUILT_IN = "dev.tributary.handlers.";

  public static final String OPERATIONS = "docs/operations.md";
  public static final String SCHEMA = "docs/tributary-config.schema.json";

  /** A value written as an environment variable, {@code ${PORT}} or {@code ${PORT:-8000}}. */
  private static final String ENV = "^.*\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}.*$";

  private static final String DURATION =
      "^\\s*([0-9]+\\s*([mM][sS]|[sSmMhHdD])|[-+]?[pP][0-9tTdDhHmMsS.,]+|.*\\$\\{[^}]+\\}.*)\\s*$";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConfigDocs() {}

  /**
   * Writes the table into docs/operations.md and the schema file under the repository root {@code
   * args[0]} (default {@code .}).
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    write(root);
    System.out.println("wrote " + root.resolve(OPERATIONS) + " and " + root.resolve(SCHEMA));
  }

  /** Brings both files under {@code root} up to date with the declarations. */
  public static void write(Path root) throws IOException {
    Path ops = root.resolve(OPERATIONS);
    Files.writeString(
        ops,
        withHandlerTables(withTable(Files.readString(ops, StandardCharsets.UTF_8))),
        StandardCharsets.UTF_8);
    Files.writeString(root.resolve(SCHEMA), schema(), StandardCharsets.UTF_8);
  }

  /** {@code markdown} with the text between the markers replaced by {@link #table()}. */
  public static String withTable(String markdown) {
    return between(markdown, TABLE_START, TABLE_END, table());
  }

  /**
   * {@code markdown} with the text between the handler markers replaced by {@link
   * #handlerTables()}.
   */
  public static String withHandlerTables(String markdown) {
    return between(markdown, HANDLER_TABLES_START, HANDLER_TABLES_END, handlerTables());
  }

  private static String between(
      String markdown, String startMarker, String endMarker, String text) {
    int start = markdown.indexOf(startMarker);
    int end = markdown.indexOf(endMarker);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "the markers " + startMarker + " and " + endMarker + " are missing");
    }
    return markdown.substring(0, start + startMarker.length())
        + "\n"
        + text
        + markdown.substring(end);
  }

  /** The built-in handler types that declare their keys, by type name. */
  static Map<String, List<ConfigKey<?>>> handlerKeys() {
    Map<String, List<ConfigKey<?>>> out = new LinkedHashMap<>();
    for (HandlerFactory f : Handlers.factories().values()) {
      if (f.getClass().getName().startsWith(BUILT_IN) && !f.configKeys().isEmpty()) {
        out.put(f.type(), f.configKeys());
      }
    }
    return out;
  }

  /** One Markdown table per built-in handler type: the keys of its {@code config}. */
  public static String handlerTables() {
    StringBuilder out = new StringBuilder();
    handlerKeys()
        .forEach(
            (type, keys) -> {
              out.append("\n#### `type: ")
                  .append(type)
                  .append("`\n\n| key | default | meaning |\n| --- | --- | --- |\n");
              keys.forEach(k -> member(k, "", "", out));
            });
    return out.append("\n").toString();
  }

  /** The Markdown table: one row per key and per section, in declaration order. */
  public static String table() {
    StringBuilder out = new StringBuilder("| key | default | meaning |\n| --- | --- | --- |\n");
    rows(WorkerKeys.ROOT, "", "", out);
    return out.toString();
  }

  private static void rows(ConfigSection section, String prefix, String label, StringBuilder out) {
    List<String> common = List.of();
    if (!section.variants().isEmpty()) {
      common = List.of(section.keyNames());
    }
    for (Object m : section.members()) {
      member(m, prefix, label, out);
    }
    for (ConfigSection v : section.variants()) {
      String types = String.join(" / ", v.types().stream().map(t -> "`" + t + "`").toList());
      row(
          out,
          "`" + prefix.substring(0, prefix.length() - 1) + "` with `type:` " + types,
          "—",
          v.doc());
      for (Object m : v.members()) {
        if (!common.contains(name(m))) {
          member(m, prefix, " (`" + shortName(v.types()) + "`)", out);
        }
      }
    }
  }

  private static void member(Object m, String prefix, String label, StringBuilder out) {
    if (m instanceof ConfigKey<?> k) {
      row(
          out,
          "`" + prefix + k.name() + "`" + label,
          k.defaultText()
              .map(
                  d ->
                      k.defaultValue().isPresent()
                              && k.defaultText().equals(k.defaultValue().map(ConfigKey::format))
                          ? "`" + d + "`"
                          : d)
              .orElse("—"),
          k.doc());
      return;
    }
    ConfigSection s = (ConfigSection) m;
    String path =
        prefix
            + s.name()
            + switch (s.shape()) {
              case MAP -> "";
              case LIST -> "[]";
              case NAMED -> ".<name>";
            };
    row(out, "`" + path + "`" + label, "—", s.doc());
    rows(s, path + ".", label, out);
  }

  /**
   * {@code debezium-*} for {@code debezium-postgres, debezium-mysql}: what the types' names share.
   */
  private static String shortName(List<String> types) {
    if (types.size() == 1) {
      return types.get(0);
    }
    String common = types.get(0);
    for (String t : types) {
      while (!t.startsWith(common)) {
        common = common.substring(0, common.length() - 1);
      }
    }
    return common + "*";
  }

  private static String name(Object m) {
    return m instanceof ConfigKey<?> k ? k.name() : ((ConfigSection) m).name();
  }

  private static void row(StringBuilder out, String key, String defaultText, String doc) {
    out.append("| ")
        .append(cell(key))
        .append(" | ")
        .append(cell(defaultText))
        .append(" | ")
        .append(cell(doc))
        .append(" |\n");
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** The JSON Schema (draft 2020-12) of the worker's YAML, ending in a newline. */
  public static String schema() {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("title", "Tributary worker configuration");
    root.put(
        "description",
        "The YAML file of `tributary worker --config`; generated from the worker's key"
            + " declarations (WorkerKeys). Any value may be written ${ENV_VAR} or ${ENV_VAR:-default}.");
    section(WorkerKeys.ROOT, root);
    ObjectNode defs = root.putObject("$defs");
    defs.putObject("env")
        .put("type", "string")
        .put("pattern", ENV)
        .put("description", "an environment variable, ${NAME} or ${NAME:-default}");
    DefaultPrettyPrinter pretty =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return JSON.writer(pretty).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object schema of the section's members into {@code into}. */
  private static ObjectNode section(ConfigSection s, ObjectNode into) {
    into.put("type", "object");
    ObjectNode props = into.putObject("properties");
    for (Object m : s.members()) {
      props.set(name(m), member(m));
    }
    into.put("additionalProperties", false);
    return into;
  }

  private static JsonNode member(Object m) {
    if (m instanceof ConfigKey<?> k) {
      return key(k);
    }
    ConfigSection s = (ConfigSection) m;
    ObjectNode out = JSON.createObjectNode();
    out.put("description", s.doc());
    ObjectNode map = JSON.createObjectNode();
    if (s == WorkerKeys.HANDLERS) {
      section(s, map).set("allOf", handlerConfigs());
    } else if (s.variants().isEmpty()) {
      section(s, map);
    } else {
      ArrayNode oneOf = map.putArray("oneOf");
      for (ConfigSection v : s.variants()) {
        ObjectNode variant = section(v, JSON.createObjectNode());
        variant.put("description", v.doc());
        ObjectNode type = JSON.createObjectNode();
        v.types().forEach(type.putArray("enum")::add);
        ((ObjectNode) variant.get("properties")).set(WorkerKeys.SOURCE_TYPE.name(), type);
        variant.putArray("required").add(WorkerKeys.SOURCE_TYPE.name());
        oneOf.add(variant);
      }
    }
    switch (s.shape()) {
      case MAP -> {
        out.setAll(map);
        out.put("description", s.doc());
      }
      case LIST -> out.put("type", "array").set("items", map);
      case NAMED -> out.put("type", "object").set("additionalProperties", map);
    }
    return out;
  }

  /**
   * For each built-in handler type: if {@code type} is it, then {@code config} holds only its keys.
   */
  private static ArrayNode handlerConfigs() {
    ArrayNode all = JSON.createArrayNode();
    handlerKeys()
        .forEach(
            (type, keys) -> {
              ObjectNode rule = all.addObject();
              ObjectNode test = rule.putObject("if");
              test.putObject("properties")
                  .putObject(WorkerKeys.HANDLER_TYPE.name())
                  .put("const", type);
              test.putArray("required").add(WorkerKeys.HANDLER_TYPE.name());
              Map<String, ConfigKey<?>> byName = new LinkedHashMap<>();
              keys.forEach(k -> byName.put(k.name(), k));
              ObjectNode config =
                  configObject(byName).put("description", "the keys of a `" + type + "` handler");
              rule.putObject("then")
                  .putObject("properties")
                  .set(WorkerKeys.HANDLER_CONFIG.name(), config);
            });
    return all;
  }

  /**
   * An object of {@code keys}, each written dotted ({@code smtp.host: x}) or nested ({@code smtp:
   * {host: x}}), as handlers read both.
   */
  private static ObjectNode configObject(Map<String, ConfigKey<?>> keys) {
    ObjectNode out = JSON.createObjectNode().put("type", "object");
    ObjectNode props = out.putObject("properties");
    Map<String, Map<String, ConfigKey<?>>> nested = new LinkedHashMap<>();
    keys.forEach(
        (name, k) -> {
          props.set(name, key(k));
          int dot = name.indexOf('.');
          if (dot > 0) {
            nested
                .computeIfAbsent(name.substring(0, dot), h -> new LinkedHashMap<>())
                .put(name.substring(dot + 1), k);
          }
        });
    nested.forEach(
        (head, inner) -> {
          if (keys.containsKey(head)) {
            throw new IllegalStateException(
                "key '" + head + "' is also the head of " + inner.keySet());
          }
          props.set(head, configObject(inner));
        });
    return out.put("additionalProperties", false);
  }

  private static ObjectNode key(ConfigKey<?> k) {
    ObjectNode out = JSON.createObjectNode();
    out.put("description", k.doc());
    switch (k.kind()) {
      case STRING -> types(out, "string", "number", "boolean");
      case BOOLEAN -> orEnv(out, JSON.createObjectNode().put("type", "boolean"));
      case INTEGER ->
          orEnv(
              out,
              JSON.createObjectNode()
                  .put("type", "integer")
                  .put("minimum", k.min())
                  .put("maximum", k.max()));
      case NUMBER -> orEnv(out, JSON.createObjectNode().put("type", "number"));
      case DURATION -> out.put("type", "string").put("pattern", DURATION);
      case CHOICE -> {
        ObjectNode e = JSON.createObjectNode();
        k.choices().forEach(e.putArray("enum")::add);
        orEnv(out, e);
      }
      case MAP -> out.put("type", "object");
      case LIST -> types(out, "array", "string", "object");
      case ANY -> {}
    }
    k.defaultValue()
        .ifPresent(
            d ->
                out.set(
                    "default",
                    d instanceof Duration || d instanceof Enum<?>
                        ? JSON.getNodeFactory().textNode(ConfigKey.format(d))
                        : JSON.valueToTree(d)));
    return out;
  }

  private static void types(ObjectNode out, String... types) {
    ArrayNode a = out.putArray("type");
    for (String t : types) {
      a.add(t);
    }
  }

  private static void orEnv(ObjectNode out, ObjectNode schema) {
    List<JsonNode> any =
        new ArrayList<>(List.of(schema, JSON.createObjectNode().put("$ref", "#/$defs/env")));
    out.putArray("anyOf").addAll(any);
  }
}

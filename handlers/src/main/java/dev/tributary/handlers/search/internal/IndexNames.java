package dev.tributary.handlers.search.internal;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The index of each table: an explicit name for the tables configured one by one, else the template
 * with {@code {table}} replaced by the lower-cased table name. The table comes from the event's
 * source ARN ({@code ...:table/Orders/stream/...}).
 */
public final class IndexNames {
  static final String PLACEHOLDER = "{table}";

  private final String template;
  private final Map<String, String> byTable;

  public IndexNames(String template, Map<String, String> byTable) {
    this.template = checkTemplate(Objects.requireNonNull(template, "template"));
    Map<String, String> copy = new TreeMap<>();
    byTable.forEach((t, i) -> copy.put(Objects.requireNonNull(t, "table"), checkLiteral(t, i)));
    this.byTable = Map.copyOf(copy);
  }

  public String indexOf(ChangeEvent event) {
    return indexOfTable(tableOf(event));
  }

  public String indexOfTable(String table) {
    String explicit = byTable.get(table);
    if (explicit != null) {
      return explicit;
    }
    String name = template.replace(PLACEHOLDER, table.toLowerCase(Locale.ROOT));
    String problem = problemWith(name);
    if (problem != null) {
      throw new BadRecordException(
          "Table '" + table + "' gives the index name '" + name + "', which " + problem);
    }
    return name;
  }

  /** The table name inside an event's source ARN. */
  public static String tableOf(ChangeEvent event) {
    String arn = event.eventSourceArn();
    int at = arn.indexOf(":table/");
    if (at < 0) {
      throw new BadRecordException(
          "Cannot tell the table of event "
              + event.eventId()
              + " from its eventSourceARN '"
              + arn
              + "'");
    }
    int start = at + ":table/".length();
    int end = arn.indexOf('/', start);
    String table = end < 0 ? arn.substring(start) : arn.substring(start, end);
    if (table.isEmpty()) {
      throw new BadRecordException(
          "Event " + event.eventId() + " has an empty table name in '" + arn + "'");
    }
    return table;
  }

  private static String checkTemplate(String template) {
    String rest = template.replace(PLACEHOLDER, "");
    if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "index name template '" + template + "' may use no placeholder but " + PLACEHOLDER);
    }
    if (!rest.equals(rest.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "index name template '" + template + "' must be lower-case");
    }
    String problem = problemWith(template.replace(PLACEHOLDER, "t"));
    if (problem != null) {
      throw new IllegalArgumentException("index name template '" + template + "' " + problem);
    }
    return template;
  }

  private static String checkLiteral(String table, String index) {
    Objects.requireNonNull(index, () -> "index of table " + table);
    String problem = problemWith(index);
    if (problem != null) {
      throw new IllegalArgumentException(
          "index '" + index + "' for table '" + table + "' " + problem);
    }
    return index;
  }

  /** OpenSearch's rules for index names, or null when the name keeps them. */
  static String problemWith(String name) {
    if (name.isEmpty() || name.equals(".") || name.equals("..")) {
      return "is not a valid index name";
    }
    if (!name.equals(name.toLowerCase(Locale.ROOT))) {
      return "must be lower-case";
    }
    if (name.startsWith("-") || name.startsWith("_") || name.startsWith("+")) {
      return "must not start with '-', '_' or '+'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ("\\/*?\"<>| ,#:".indexOf(c) >= 0) {
        return "must not contain '" + c + "'";
      }
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > 255) {
      return "is longer than 255 bytes";
    }
    return null;
  }
}

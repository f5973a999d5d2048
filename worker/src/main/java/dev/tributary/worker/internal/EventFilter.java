package dev.tributary.worker.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which change events to show: by event name, table, a key prefix (any string key attribute) and
 * text anywhere in the event's JSON (case-insensitive). What {@code tributary tail} and the
 * console's tail share. Empty sets and absent values let everything through.
 */
public record EventFilter(
    Set<EventName> names, List<String> tables, Optional<String> keyPrefix, Optional<String> text) {
  public EventFilter {
    names = Set.copyOf(names);
    tables = List.copyOf(tables);
    text = text.map(t -> t.toLowerCase(Locale.ROOT));
  }

  /** Whether {@code e}, whose JSON is {@code json}, passes. */
  public boolean matches(ChangeEvent e, String json) {
    if (!names.isEmpty() && !names.contains(e.eventName())) {
      return false;
    }
    if (!tables.isEmpty() && !tables.contains(table(e))) {
      return false;
    }
    if (keyPrefix.isPresent()
        && e.dynamodb().keys().values().stream()
            .noneMatch(
                v -> v instanceof AttributeValue.S s && s.value().startsWith(keyPrefix.get()))) {
      return false;
    }
    return text.isEmpty() || json.toLowerCase(Locale.ROOT).contains(text.get());
  }

  /** The table in the event's source ARN, or "" when it names none. */
  public static String table(ChangeEvent e) {
    String arn = e.eventSourceArn();
    int i = arn.indexOf(":table/");
    return i < 0 ? "" : arn.substring(i + 7).split("/", 2)[0];
  }
}

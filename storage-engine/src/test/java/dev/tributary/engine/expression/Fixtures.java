package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.HashMap;
import java.util.Map;

/** Placeholders and items for tests, written compactly. */
final class Fixtures {
  private Fixtures() {}

  /** Pairs of key and value: {@code "#n", "name", ":v", AttributeValue.s("x")}. */
  static Placeholders ph(Object... pairs) {
    Map<String, String> names = new HashMap<>();
    Map<String, AttributeValue> values = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      String key = (String) pairs[i];
      if (key.startsWith("#")) {
        names.put(key, (String) pairs[i + 1]);
      } else {
        values.put(key, (AttributeValue) pairs[i + 1]);
      }
    }
    return Placeholders.of(names, values);
  }

  static Map<String, AttributeValue> item(Object... pairs) {
    Map<String, AttributeValue> item = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      item.put((String) pairs[i], (AttributeValue) pairs[i + 1]);
    }
    return item;
  }
}

package dev.tributary.examples.singletable;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One way to print an item, used by both halves of the example so their output compares line by
 * line.
 */
final class ItemLines {
  private ItemLines() {}

  /** {@code PK=USER#123 SK=PROFILE email=... name=...}: the keys first, then the rest by name. */
  static String line(Map<String, String> item) {
    Map<String, String> rest = new TreeMap<>(item);
    String pk = rest.remove("PK");
    String sk = rest.remove("SK");
    String attributes =
        rest.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(" "));
    return "    PK=" + pk + " SK=" + sk + (attributes.isEmpty() ? "" : " " + attributes);
  }
}

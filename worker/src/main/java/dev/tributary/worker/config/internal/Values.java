package dev.tributary.worker.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Attribute values in YAML: a string is {@code S}, a number {@code N}, true/false {@code BOOL},
 * null {@code NULL}, a list {@code L}; DynamoDB's typed form ({@code {N: "5"}}, {@code {SS: [a,
 * b]}}) gives any type.
 */
final class Values {
  private static final Set<String> TYPES =
      Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");

  private Values() {}

  static Optional<AttributeValue> read(Node node) {
    if (!node.json().isMissingNode() && node.json().isNull()) {
      return Optional.of(AttributeValue.nul());
    }
    if (!node.present()) {
      node.problem("needs a value");
      return Optional.empty();
    }
    return node.attempt(() -> convert(node.json()));
  }

  static List<AttributeValue> readAll(Node node) {
    List<AttributeValue> out = new ArrayList<>();
    for (Node e : node.elements()) {
      read(e).ifPresent(out::add);
    }
    return out;
  }

  private static AttributeValue convert(JsonNode v) {
    if (v.isTextual()) {
      return AttributeValue.s(v.textValue());
    }
    if (v.isNumber()) {
      return AttributeValue.n(v.asText());
    }
    if (v.isBoolean()) {
      return AttributeValue.bool(v.booleanValue());
    }
    if (v.isNull()) {
      return AttributeValue.nul();
    }
    if (v.isArray()) {
      List<AttributeValue> items = new ArrayList<>();
      v.forEach(e -> items.add(convert(e)));
      return AttributeValue.l(items);
    }
    if (v.size() == 1 && TYPES.contains(v.fieldNames().next())) {
      JsonNode inner = v.elements().next();
      String type = v.fieldNames().next();
      // YAML reads {N: 5} as a number; DynamoDB JSON wants the number as a string.
      if ((type.equals("N") || type.equals("S")) && !inner.isTextual()) {
        return type.equals("N")
            ? AttributeValue.n(inner.asText())
            : AttributeValue.s(inner.asText());
      }
      return AttributeValueJson.fromJson(v.toString());
    }
    throw new IllegalArgumentException(
        "a map value must be DynamoDB's typed form with one of "
            + new TreeSet<>(TYPES)
            + ", e.g. {N: \"5\"}");
  }
}

package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, and which of them the
 * request's expressions used. Parse every expression of the request with the same instance, then
 * call {@link #requireAllUsed()}, as DynamoDB rejects unused placeholders. Not thread-safe: one
 * instance per request.
 */
public final class Placeholders {
  private final Map<String, String> names;
  private final Map<String, AttributeValue> values;
  private final Set<String> usedNames = new HashSet<>();
  private final Set<String> usedValues = new HashSet<>();

  private Placeholders(Map<String, String> names, Map<String, AttributeValue> values) {
    this.names = Map.copyOf(names);
    this.values = Map.copyOf(values);
  }

  /** Placeholders from a request; keys include their {@code #} or {@code :}. */
  public static Placeholders of(
      Map<String, String> names, Map<String, ? extends AttributeValue> values) {
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(values, "values");
    return new Placeholders(names, Map.copyOf(values));
  }

  /** A request without ExpressionAttributeNames or ExpressionAttributeValues. */
  public static Placeholders none() {
    return new Placeholders(Map.of(), Map.of());
  }

  /** The attribute name for {@code #token}, marking it used; empty when it is not defined. */
  public Optional<String> useName(String token) {
    String name = names.get(Objects.requireNonNull(token, "token"));
    if (name != null) {
      usedNames.add(token);
    }
    return Optional.ofNullable(name);
  }

  /** The value for {@code :token}, marking it used; empty when it is not defined. */
  public Optional<AttributeValue> useValue(String token) {
    AttributeValue value = values.get(Objects.requireNonNull(token, "token"));
    if (value != null) {
      usedValues.add(token);
    }
    return Optional.ofNullable(value);
  }

  /**
   * Rejects names and values that no expression used, in DynamoDB's words (names first).
   *
   * @throws ValidationException naming the unused keys
   */
  public void requireAllUsed() {
    Set<String> unusedNames = new TreeSet<>(names.keySet());
    unusedNames.removeAll(usedNames);
    if (!unusedNames.isEmpty()) {
      throw new ValidationException(
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
              + String.join(", ", unusedNames)
              + "}");
    }
    Set<String> unusedValues = new TreeSet<>(values.keySet());
    unusedValues.removeAll(usedValues);
    if (!unusedValues.isEmpty()) {
      throw new ValidationException(
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
              + String.join(", ", unusedValues)
              + "}");
    }
  }
}

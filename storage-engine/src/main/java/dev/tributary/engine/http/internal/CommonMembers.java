package dev.tributary.engine.http.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.internal.ItemLimits;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.ReturnConsumedCapacity;
import dev.tributary.engine.model.ReturnValue;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Request members that several operations share, decoded one way everywhere. */
final class CommonMembers {
  private CommonMembers() {}

  /** A ProjectionExpression with the names it uses (AttributesToGet is translated into one). */
  record Projected(Optional<String> expression, Map<String, String> names) {}

  static ExpressionParameters parameters(JsonRequest r) {
    return new ExpressionParameters(names(r), values(r));
  }

  private static final Pattern NAME_KEY = Pattern.compile("#[A-Za-z0-9_]+");
  private static final Pattern VALUE_KEY = Pattern.compile(":[A-Za-z0-9_]+");

  static Map<String, String> names(JsonRequest r) {
    Map<String, String> names = r.stringMap("ExpressionAttributeNames");
    if (r.has("ExpressionAttributeNames") && names.isEmpty()) {
      throw new ValidationException("ExpressionAttributeNames must not be empty");
    }
    checkKeys("ExpressionAttributeNames", names.keySet(), NAME_KEY);
    names.values().forEach(ItemLimits::checkName);
    return names;
  }

  static Map<String, AttributeValue> values(JsonRequest r) {
    Map<String, AttributeValue> values = r.item("ExpressionAttributeValues").orElse(Map.of());
    if (r.has("ExpressionAttributeValues") && values.isEmpty()) {
      throw new ValidationException("ExpressionAttributeValues must not be empty");
    }
    checkKeys("ExpressionAttributeValues", values.keySet(), VALUE_KEY);
    return values;
  }

  /**
   * Placeholders are {@code #} or {@code :} and letters, digits or {@code _}, as DynamoDB parses
   * them.
   */
  private static void checkKeys(String member, Set<String> keys, Pattern syntax) {
    for (String key : keys) {
      if (!syntax.matcher(key).matches()) {
        throw new ValidationException(
            "1 validation error detected: "
                + member
                + " contains invalid key: Syntax error; key: \""
                + key
                + "\"");
      }
    }
  }

  static ReturnConsumedCapacity returnConsumedCapacity(JsonRequest r) {
    return r.enumValue("ReturnConsumedCapacity", ReturnConsumedCapacity.class)
        .orElse(ReturnConsumedCapacity.NONE);
  }

  static ReturnValue returnValues(JsonRequest r) {
    return r.enumValue("ReturnValues", ReturnValue.class).orElse(ReturnValue.NONE);
  }

  /** ReturnValuesOnConditionCheckFailure: ALL_OLD or NONE. */
  static boolean allOldOnConditionFailure(JsonRequest r) {
    return r.oneOf("ReturnValuesOnConditionCheckFailure", "ALL_OLD", "NONE")
        .map("ALL_OLD"::equals)
        .orElse(false);
  }

  /** Accepted and ignored: item collection metrics are not reported. */
  static void returnItemCollectionMetrics(JsonRequest r) {
    r.oneOf("ReturnItemCollectionMetrics", "SIZE", "NONE");
  }

  /**
   * ProjectionExpression, or the legacy AttributesToGet translated into one with generated name
   * placeholders; both at once is DynamoDB's ValidationException.
   */
  static Projected projection(JsonRequest r) {
    Optional<String> expression = r.string("ProjectionExpression");
    Map<String, String> names = names(r);
    List<String> attributesToGet = r.strings("AttributesToGet");
    if (!r.has("AttributesToGet")) {
      return new Projected(expression, names);
    }
    if (expression.isPresent()) {
      throw new ValidationException(
          "Can not use both expression and non-expression parameters in the same request:"
              + " Non-expression parameters: {AttributesToGet} Expression parameters:"
              + " {ProjectionExpression}");
    }
    if (attributesToGet.isEmpty()) {
      r.violation("AttributesToGet", "[]", "Member must have length greater than or equal to 1");
      return new Projected(Optional.empty(), names);
    }
    Set<String> seen = new HashSet<>();
    attributesToGet.forEach(ItemLimits::checkName);
    for (String a : attributesToGet) {
      if (!seen.add(a)) {
        throw new ValidationException(
            "One or more parameter values were invalid: Duplicate value in attribute name: " + a);
      }
    }
    Map<String, String> all = new LinkedHashMap<>(names);
    StringBuilder projection = new StringBuilder();
    for (int i = 0; i < attributesToGet.size(); i++) {
      String placeholder = "#_atg" + i;
      all.put(placeholder, attributesToGet.get(i));
      projection.append(i == 0 ? "" : ", ").append(placeholder);
    }
    return new Projected(Optional.of(projection.toString()), all);
  }
}

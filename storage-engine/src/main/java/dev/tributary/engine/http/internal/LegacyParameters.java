package dev.tributary.engine.http.internal;

import dev.tributary.core.AttributeOrder;
import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.ExpressionParameters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * DynamoDB's legacy (pre-expression) parameters, translated into expressions with generated
 * placeholders: {@code Expected}, {@code KeyConditions}, {@code QueryFilter}, {@code ScanFilter}
 * (with {@code ConditionalOperator}) and {@code AttributeUpdates}. Older tools and mappers still
 * send them. As in DynamoDB, one request cannot mix them with expressions.
 */
final class LegacyParameters {
  // In DynamoDB's order for its message. KeyConditions counts only beside a KeyConditionExpression:
  // DynamoDB takes KeyConditions with a FilterExpression or ProjectionExpression.
  private static final List<String> LEGACY =
      List.of(
          "AttributesToGet",
          "QueryFilter",
          "ScanFilter",
          "ConditionalOperator",
          "KeyConditions",
          "AttributeUpdates",
          "Expected");
  private static final List<String> EXPRESSIONS =
      List.of(
          "ProjectionExpression",
          "FilterExpression",
          "KeyConditionExpression",
          "UpdateExpression",
          "ConditionExpression");
  private static final Set<String> KEY_OPERATORS =
      Set.of("EQ", "LE", "LT", "GE", "GT", "BEGINS_WITH", "BETWEEN");
  private static final Set<String> OPERATORS =
      Set.of(
          "IN",
          "NULL",
          "BETWEEN",
          "LT",
          "NOT_CONTAINS",
          "EQ",
          "GT",
          "NOT_NULL",
          "NE",
          "LE",
          "BEGINS_WITH",
          "GE",
          "CONTAINS");

  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();
  private final boolean used;
  private final boolean expressionsToo;

  LegacyParameters(JsonRequest r) {
    List<String> legacy = present(r, LEGACY);
    List<String> expressions = present(r, EXPRESSIONS);
    List<String> clashing = new ArrayList<>(legacy);
    if (!r.has("KeyConditionExpression")) {
      clashing.remove("KeyConditions");
    }
    if (!clashing.isEmpty() && !expressions.isEmpty()) {
      throw new ValidationException(
          "Can not use both expression and non-expression parameters in the same request:"
              + " Non-expression parameters: {"
              + String.join(", ", clashing)
              + "} Expression parameters: {"
              + String.join(", ", expressions)
              + "}");
    }
    legacy.remove("AttributesToGet"); // translated with the projection (CommonMembers)
    this.used = !legacy.isEmpty();
    this.expressionsToo = !expressions.isEmpty();
  }

  /**
   * ExpressionAttributeNames or ExpressionAttributeValues beside legacy parameters only (no
   * expression) are DynamoDB's ValidationException, as for a request with no expression at all.
   */
  void requireExpressionsForPlaceholders(JsonRequest r) {
    if (!used || expressionsToo) {
      return;
    }
    if (r.has("ExpressionAttributeValues")) {
      throw new ValidationException(
          "1 validation error detected:"
              + " ExpressionAttributeValues can only be specified when using expressions");
    }
    if (r.has("ExpressionAttributeNames")) {
      throw new ValidationException(
          "1 validation error detected:"
              + " ExpressionAttributeNames can only be specified when using expressions");
    }
  }

  private static List<String> present(JsonRequest r, List<String> members) {
    List<String> out = new ArrayList<>();
    for (String m : members) {
      if (r.has(m)) {
        out.add(m);
      }
    }
    return out;
  }

  /** Whether the request uses legacy parameters (so its expression parameters are ours). */
  boolean used() {
    return used;
  }

  ExpressionParameters parameters() {
    return new ExpressionParameters(names, values);
  }

  /** {@code Expected} with {@code ConditionalOperator}, as a ConditionExpression. */
  Optional<String> expected(JsonRequest r) {
    return filter(r, "Expected", true);
  }

  /**
   * {@code QueryFilter} or {@code ScanFilter} with {@code ConditionalOperator}, as a
   * FilterExpression.
   */
  Optional<String> filter(JsonRequest r, String member) {
    return filter(r, member, false);
  }

  /** {@code KeyConditions}, as a KeyConditionExpression. */
  Optional<String> keyConditions(JsonRequest r) {
    Map<String, JsonRequest> conditions = r.objectMap("KeyConditions");
    if (conditions.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonRequest> e : conditions.entrySet()) {
      String op = e.getValue().requiredString("ComparisonOperator");
      if (!OPERATORS.contains(op)) {
        throw notAnOperator("keyConditions." + e.getKey(), op);
      }
      if (!KEY_OPERATORS.contains(op)) {
        throw new ValidationException(
            "Attempted conditional constraint is not an indexable operation");
      }
      parts.add(comparison(e.getKey(), op, e.getValue().attributeValues("AttributeValueList")));
    }
    return Optional.of(String.join(" AND ", parts));
  }

  /** {@code AttributeUpdates}, as an UpdateExpression. */
  Optional<String> attributeUpdates(JsonRequest r) {
    Map<String, JsonRequest> updates = r.objectMap("AttributeUpdates");
    if (updates.isEmpty()) {
      return Optional.empty();
    }
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<String> add = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    for (Map.Entry<String, JsonRequest> e : updates.entrySet()) {
      JsonRequest u = e.getValue();
      String action = u.oneOf("Action", "PUT", "DELETE", "ADD").orElse("PUT");
      Optional<AttributeValue> value = u.attributeValue("Value");
      String name = name(e.getKey());
      switch (action) {
        case "DELETE" -> {
          if (value.isPresent()) {
            delete.add(name + " " + value(value.get()));
          } else {
            remove.add(name);
          }
        }
        case "ADD" -> {
          AttributeValue v = required(value, "ADD");
          if (v.type() == AttributeValue.Type.L) {
            // AttributeUpdates' ADD appends a list's elements (to an empty list if none)
            set.add(
                name
                    + " = list_append(if_not_exists("
                    + name
                    + ", "
                    + value(AttributeValue.l(List.of()))
                    + "), "
                    + value(v)
                    + ")");
          } else {
            add.add(name + " " + value(v));
          }
        }
        default -> set.add(name + " = " + value(required(value, "PUT")));
      }
    }
    StringBuilder expression = new StringBuilder();
    clause(expression, "SET ", set, ", ");
    clause(expression, "REMOVE ", remove, ", ");
    clause(expression, "ADD ", add, ", ");
    clause(expression, "DELETE ", delete, ", ");
    return Optional.of(expression.toString());
  }

  /**
   * An UpdateItem with {@code AttributeUpdates} fails on a value of the wrong type in DynamoDB's
   * legacy words ("Type mismatch for attribute to update"), not the update expression's.
   */
  static CompletableFuture<byte[]> attributeUpdatesWording(CompletableFuture<byte[]> result) {
    return result
        .handle(
            (v, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(v);
              }
              Throwable cause =
                  e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
              if (cause instanceof ValidationException
                  && "An operand in the update expression has an incorrect data type"
                      .equals(cause.getMessage())) {
                cause = new ValidationException("Type mismatch for attribute to update");
              }
              return CompletableFuture.<byte[]>failedFuture(cause);
            })
        .thenCompose(f -> f);
  }

  private static AttributeValue required(Optional<AttributeValue> value, String action) {
    return value.orElseThrow(
        () ->
            new ValidationException(
                "One or more parameter values were invalid: Only DELETE action is allowed when no attribute value"
                    + " is specified (action "
                    + action
                    + ")"));
  }

  private static void clause(
      StringBuilder out, String keyword, List<String> parts, String separator) {
    if (!parts.isEmpty()) {
      out.append(out.length() == 0 ? "" : " ")
          .append(keyword)
          .append(String.join(separator, parts));
    }
  }

  private Optional<String> filter(JsonRequest r, String member, boolean expected) {
    Map<String, JsonRequest> conditions = r.objectMap(member);
    if (r.has("ConditionalOperator") && conditions.size() < 2) {
      throw new ValidationException(
          conditions.isEmpty()
              ? "ConditionalOperator cannot be used without Filter or Expected"
              : "ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
    if (conditions.isEmpty()) {
      return Optional.empty();
    }
    String joiner = " " + r.oneOf("ConditionalOperator", "AND", "OR").orElse("AND") + " ";
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, JsonRequest> e : conditions.entrySet()) {
      JsonRequest c = e.getValue();
      if (expected && c.has("AttributeValueList") && c.has("Value")) {
        throw new ValidationException(
            "One or more parameter values were invalid: Value and"
                + " AttributeValueList cannot be used together for Attribute: "
                + e.getKey());
      }
      if (expected && !c.has("ComparisonOperator") && c.has("AttributeValueList")) {
        throw new ValidationException(
            "One or more parameter values were invalid: AttributeValueList can"
                + " only be used with a ComparisonOperator for Attribute: "
                + e.getKey());
      }
      if (expected && c.has("ComparisonOperator") && c.has("Exists")) {
        throw new ValidationException(
            "One or more parameter values were invalid: Exists and"
                + " ComparisonOperator cannot be used together for Attribute: "
                + e.getKey());
      }
      if (expected && !c.has("ComparisonOperator")) {
        parts.add(existence(e.getKey(), c));
      } else {
        String op = c.requiredString("ComparisonOperator");
        if (!OPERATORS.contains(op)) {
          throw notAnOperator(
              Character.toLowerCase(member.charAt(0)) + member.substring(1) + "." + e.getKey(), op);
        }
        // Expected takes the one value of a comparison as Value, too
        List<AttributeValue> args =
            expected && c.has("Value")
                ? List.of(c.attributeValue("Value").get())
                : c.attributeValues("AttributeValueList");
        parts.add(comparison(e.getKey(), op, args));
      }
    }
    return Optional.of(String.join(joiner, parts));
  }

  /** Expected's short form: {@code {"Value": v}} or {@code {"Exists": false}}. */
  private String existence(String attribute, JsonRequest c) {
    boolean exists = c.bool("Exists", true);
    Optional<AttributeValue> value = c.attributeValue("Value");
    if (!exists) {
      if (value.isPresent()) {
        throw new ValidationException(
            "One or more parameter values were invalid: Value cannot be used when"
                + " Exists is false for Attribute: "
                + attribute);
      }
      return "attribute_not_exists(" + name(attribute) + ")";
    }
    if (value.isEmpty()) {
      throw new ValidationException(
          "One or more parameter values were invalid: Value must be provided when"
              + " Exists is true for Attribute: "
              + attribute);
    }
    return name(attribute) + " = " + value(value.get());
  }

  private String comparison(String attribute, String op, List<AttributeValue> args) {
    String n = name(attribute);
    String condition =
        switch (op) {
          case "EQ" -> binary(n, "=", op, args);
          case "NE" -> binary(n, "<>", op, args);
          case "LE" -> binary(n, "<=", op, args);
          case "LT" -> binary(n, "<", op, args);
          case "GE" -> binary(n, ">=", op, args);
          case "GT" -> binary(n, ">", op, args);
          case "NOT_NULL" -> arity(op, args, 0, "attribute_exists(" + n + ")");
          case "NULL" -> arity(op, args, 0, "attribute_not_exists(" + n + ")");
          case "CONTAINS" -> arity(op, args, 1, "contains(" + n + ", " + valueAt(args, 0) + ")");
          // a legacy NOT_CONTAINS is false, like CONTAINS, when the attribute is missing
          case "NOT_CONTAINS" ->
              arity(
                  op,
                  args,
                  1,
                  "(attribute_exists("
                      + n
                      + ") AND NOT contains("
                      + n
                      + ", "
                      + valueAt(args, 0)
                      + "))");
          case "BEGINS_WITH" ->
              arity(op, args, 1, "begins_with(" + n + ", " + valueAt(args, 0) + ")");
          case "BETWEEN" ->
              arity(op, args, 2, n + " BETWEEN " + valueAt(args, 0) + " AND " + valueAt(args, 1));
          case "IN" -> in(n, args);
          default -> throw notAnOperator("comparisonOperator", op);
        };
    checkOperandTypes(op, args);
    return condition;
  }

  /**
   * DynamoDB's checks on the values of a legacy comparison: ordering operators, CONTAINS, IN and
   * BETWEEN take scalars (BEGINS_WITH strings or binaries), IN and BETWEEN values of one type,
   * BETWEEN bounds in order. (EQ and NE take any value.)
   */
  /**
   * DynamoDB's request-shape error for a ComparisonOperator outside its enum, at {@code member}.
   */
  private static ValidationException notAnOperator(String member, String op) {
    String at =
        member.endsWith("comparisonOperator") ? member : member + ".member.comparisonOperator";
    return new ValidationException(
        "1 validation error detected: Value '"
            + op
            + "' at '"
            + at
            + "' failed to satisfy constraint:"
            + " Member must satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL,"
            + " NE, LE, BEGINS_WITH, GE, CONTAINS]");
  }

  private static void checkOperandTypes(String op, List<AttributeValue> args) {
    boolean scalarOnly =
        switch (op) {
          case "LT", "LE", "GT", "GE", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH", "IN", "BETWEEN" ->
              true;
          default -> false;
        };
    if (!scalarOnly) {
      return;
    }
    for (AttributeValue v : args) {
      AttributeValue.Type t = v.type();
      boolean ok =
          t == AttributeValue.Type.S
              || t == AttributeValue.Type.B
              || (t == AttributeValue.Type.N && !op.equals("BEGINS_WITH"));
      if (!ok) {
        throw new ValidationException(
            "One or more parameter values were invalid: ComparisonOperator "
                + op
                + " is not valid for "
                + t.descriptor()
                + " AttributeValue type");
      }
    }
    if ((op.equals("IN") || op.equals("BETWEEN"))
        && args.stream().map(AttributeValue::type).distinct().count() > 1) {
      throw new ValidationException(
          "One or more parameter values were invalid: AttributeValues inside"
              + " AttributeValueList must be of same type");
    }
    if (op.equals("BETWEEN")
        && args.size() == 2
        && AttributeOrder.compare(args.get(0), args.get(1)).orElse(0) > 0) {
      throw new ValidationException(
          "One or more parameter values were invalid: The BETWEEN condition was"
              + " provided a range where the lower bound is greater than the upper bound");
    }
  }

  private String binary(String name, String symbol, String op, List<AttributeValue> args) {
    return arity(op, args, 1, name + " " + symbol + " " + valueAt(args, 0));
  }

  private String valueAt(List<AttributeValue> args, int i) {
    return i < args.size() ? value(args.get(i)) : "";
  }

  private String in(String name, List<AttributeValue> args) {
    if (args.isEmpty()) {
      throw arityError("IN");
    }
    List<String> placeholders = new ArrayList<>();
    for (AttributeValue v : args) {
      placeholders.add(value(v));
    }
    return name + " IN (" + String.join(", ", placeholders) + ")";
  }

  private static String arity(
      String op, List<AttributeValue> args, int expected, String expression) {
    if (args.size() != expected) {
      throw arityError(op);
    }
    return expression;
  }

  private static ValidationException arityError(String op) {
    return new ValidationException(
        "One or more parameter values were invalid: Invalid number of argument(s) for the "
            + op
            + " ComparisonOperator");
  }

  private String name(String attribute) {
    String placeholder = "#_l" + names.size();
    names.put(placeholder, attribute);
    return placeholder;
  }

  private String value(AttributeValue v) {
    String placeholder = ":_l" + values.size();
    values.put(placeholder, v);
    return placeholder;
  }
}

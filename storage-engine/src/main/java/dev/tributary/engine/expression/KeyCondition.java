package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** A parsed KeyConditionExpression: terms joined by AND. */
public record KeyCondition(List<KeyTerm> terms) {
  public KeyCondition {
    terms = List.copyOf(Objects.requireNonNull(terms, "terms"));
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("a key condition has at least one term");
    }
  }

  /** This condition AND {@code term}. */
  public KeyCondition and(KeyTerm term) {
    List<KeyTerm> next = new ArrayList<>(terms);
    next.add(Objects.requireNonNull(term, "term"));
    return new KeyCondition(next);
  }

  /**
   * Matches the terms to a key schema, as DynamoDB does: every partition attribute with {@code =};
   * sort attributes left to right with {@code =}, only the last one given may use a range operator.
   *
   * @throws ValidationException in DynamoDB's words when the terms do not fit the schema
   */
  public KeyMatch match(List<String> partitionAttributes, List<String> sortAttributes) {
    Objects.requireNonNull(partitionAttributes, "partitionAttributes");
    Objects.requireNonNull(sortAttributes, "sortAttributes");
    Map<String, KeyTerm> byName = new HashMap<>();
    for (KeyTerm t : terms) {
      if (byName.put(t.attributeName(), t) != null) {
        throw new ValidationException(
            "Invalid KeyConditionExpression: KeyConditionExpressions must only contain one"
                + " condition per key");
      }
    }
    List<AttributeValue> partition = new ArrayList<>(partitionAttributes.size());
    for (String name : partitionAttributes) {
      KeyTerm t = byName.get(name);
      if (partitionAttributes.size() > 1 && (t == null || t.op() != KeyOperator.EQ)) {
        throw hashEquality(partitionAttributes, byName);
      }
      if (t == null) {
        throw missed(name);
      }
      if (t.op() != KeyOperator.EQ) {
        throw notSupported();
      }
      partition.add(t.value());
    }
    Set<String> known = new HashSet<>(partitionAttributes);
    known.addAll(sortAttributes);
    for (KeyTerm t : terms) {
      if (!known.contains(t.attributeName())) {
        // DynamoDB names the first sort attribute left out when there is one to name.
        for (String s : sortAttributes) {
          if (!byName.containsKey(s)) {
            throw missed(s);
          }
        }
        throw notSupported();
      }
    }
    List<AttributeValue> prefix = new ArrayList<>();
    Optional<KeyTerm> range = Optional.empty();
    List<String> lacking = new ArrayList<>(); // sort attributes before this one without an equality
    for (String name : sortAttributes) {
      KeyTerm t = byName.get(name);
      if (t == null) {
        lacking.add(name);
        continue;
      }
      if (!lacking.isEmpty()) {
        throw new ValidationException(
            "RANGE key attributes "
                + String.join(", ", lacking)
                + " must have equality conditions specified in the query because a condition is"
                + " present on key attribute "
                + name);
      }
      if (t.op() == KeyOperator.EQ) {
        prefix.add(t.value());
      } else {
        range = Optional.of(t);
        lacking.add(name);
      }
    }
    return new KeyMatch(partition, prefix, range);
  }

  /** A multi-attribute partition key needs an equality on each of its attributes. */
  private static ValidationException hashEquality(
      List<String> partitionAttributes, Map<String, KeyTerm> byName) {
    List<String> lacking = new ArrayList<>();
    for (String name : partitionAttributes) {
      KeyTerm t = byName.get(name);
      if (t == null || t.op() != KeyOperator.EQ) {
        lacking.add(name);
      }
    }
    return new ValidationException(
        "HASH key attributes "
            + String.join(", ", lacking)
            + " must have equality conditions specified in the query");
  }

  private static ValidationException missed(String name) {
    return new ValidationException("Query condition missed key schema element: " + name);
  }

  private static ValidationException notSupported() {
    return new ValidationException("Query key condition not supported");
  }
}

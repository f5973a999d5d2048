package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.List;
import java.util.Objects;

/** One term of a KeyConditionExpression: {@code attribute op value(s)}. */
public record KeyTerm(String attributeName, KeyOperator op, List<AttributeValue> values) {
  public KeyTerm {
    Objects.requireNonNull(attributeName, "attributeName");
    Objects.requireNonNull(op, "op");
    values = List.copyOf(Objects.requireNonNull(values, "values"));
    if (values.size() != op.arity()) {
      throw new IllegalArgumentException(op + " takes " + op.arity() + " value(s): " + values);
    }
  }

  /** The single value of a one-value operator, or the lower bound of BETWEEN. */
  public AttributeValue value() {
    return values.get(0);
  }
}

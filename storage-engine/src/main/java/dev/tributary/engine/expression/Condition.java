package dev.tributary.engine.expression;

import java.util.List;
import java.util.Objects;

/**
 * A parsed ConditionExpression or FilterExpression. Build one with {@link Conditions} or parse one
 * with {@link ExpressionParser}; evaluate it with {@link ConditionEvaluator}.
 */
public sealed interface Condition
    permits Condition.Comparison,
        Condition.Between,
        Condition.In,
        Condition.And,
        Condition.Or,
        Condition.Not,
        Condition.AttributeExists,
        Condition.AttributeNotExists,
        Condition.AttributeType,
        Condition.BeginsWith,
        Condition.Contains {

  /** The largest number of candidates DynamoDB accepts after {@code IN}. */
  int MAX_IN_CANDIDATES = 100;

  default Condition and(Condition other) {
    return new And(this, other);
  }

  default Condition or(Condition other) {
    return new Or(this, other);
  }

  default Condition not() {
    return new Not(this);
  }

  /** {@code left op right}. */
  record Comparison(Comparator op, Operand left, Operand right) implements Condition {
    public Comparison {
      Objects.requireNonNull(op, "op");
      requireConditionOperand(left, "left");
      requireConditionOperand(right, "right");
    }
  }

  /** {@code operand BETWEEN lower AND upper}. */
  record Between(Operand operand, Operand lower, Operand upper) implements Condition {
    public Between {
      requireConditionOperand(operand, "operand");
      requireConditionOperand(lower, "lower");
      requireConditionOperand(upper, "upper");
    }
  }

  /** {@code operand IN (c1, c2, ...)} with 1 to 100 candidates. */
  record In(Operand operand, List<Operand> candidates) implements Condition {
    public In {
      requireConditionOperand(operand, "operand");
      candidates = List.copyOf(Objects.requireNonNull(candidates, "candidates"));
      if (candidates.isEmpty() || candidates.size() > MAX_IN_CANDIDATES) {
        throw new IllegalArgumentException(
            "IN takes 1 to " + MAX_IN_CANDIDATES + " candidates, not " + candidates.size());
      }
      for (Operand c : candidates) {
        requireConditionOperand(c, "candidate");
      }
    }
  }

  record And(Condition left, Condition right) implements Condition {
    public And {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  record Or(Condition left, Condition right) implements Condition {
    public Or {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  record Not(Condition condition) implements Condition {
    public Not {
      Objects.requireNonNull(condition, "condition");
    }
  }

  record AttributeExists(Path path) implements Condition {
    public AttributeExists {
      Objects.requireNonNull(path, "path");
    }
  }

  record AttributeNotExists(Path path) implements Condition {
    public AttributeNotExists {
      Objects.requireNonNull(path, "path");
    }
  }

  /** {@code attribute_type(path, type)}; {@code type} is normally a literal like {@code S}. */
  record AttributeType(Path path, Operand type) implements Condition {
    public AttributeType {
      Objects.requireNonNull(path, "path");
      requireConditionOperand(type, "type");
    }
  }

  record BeginsWith(Operand operand, Operand prefix) implements Condition {
    public BeginsWith {
      requireConditionOperand(operand, "operand");
      requireConditionOperand(prefix, "prefix");
    }
  }

  record Contains(Operand operand, Operand element) implements Condition {
    public Contains {
      requireConditionOperand(operand, "operand");
      requireConditionOperand(element, "element");
    }
  }

  private static void requireConditionOperand(Operand operand, String what) {
    Objects.requireNonNull(operand, what);
    if (!operand.isConditionOperand()) {
      throw new IllegalArgumentException(
          what + " of a condition must be a path, a value or size(path): " + operand);
    }
  }
}

package dev.tributary.engine.expression;

import dev.tributary.core.AttributeFunctions;
import dev.tributary.core.AttributeOrder;
import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.internal.Documents;
import dev.tributary.engine.expression.internal.Values;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Evaluates a condition against an item with DynamoDB's semantics: a missing attribute makes every
 * comparison false except {@code <>}; values of different types are unequal and unordered; only
 * numbers, strings and binary are ordered; sets, lists and maps compare for equality only.
 */
public final class ConditionEvaluator {
  private ConditionEvaluator() {}

  /** Whether {@code item} satisfies {@code condition}; an absent item is an empty map. */
  public static boolean evaluate(Condition condition, Map<String, AttributeValue> item) {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(item, "item");
    return eval(condition, item);
  }

  private static boolean eval(Condition c, Map<String, AttributeValue> item) {
    if (c instanceof Condition.And and) {
      return eval(and.left(), item) && eval(and.right(), item);
    } else if (c instanceof Condition.Or or) {
      return eval(or.left(), item) || eval(or.right(), item);
    } else if (c instanceof Condition.Not not) {
      return !eval(not.condition(), item);
    } else if (c instanceof Condition.Comparison cmp) {
      return compare(cmp.op(), value(cmp.left(), item), value(cmp.right(), item));
    } else if (c instanceof Condition.Between b) {
      Optional<AttributeValue> v = value(b.operand(), item);
      return compare(Comparator.GE, v, value(b.lower(), item))
          && compare(Comparator.LE, v, value(b.upper(), item));
    } else if (c instanceof Condition.In in) {
      Optional<AttributeValue> v = value(in.operand(), item);
      for (Operand candidate : in.candidates()) {
        if (compare(Comparator.EQ, v, value(candidate, item))) {
          return true;
        }
      }
      return false;
    } else if (c instanceof Condition.AttributeExists e) {
      return Documents.get(item, e.path()).isPresent();
    } else if (c instanceof Condition.AttributeNotExists e) {
      return Documents.get(item, e.path()).isEmpty();
    } else if (c instanceof Condition.AttributeType t) {
      Optional<AttributeValue> v = Documents.get(item, t.path());
      Optional<AttributeValue> type = value(t.type(), item);
      return v.isPresent()
          && type.isPresent()
          && type.get() instanceof AttributeValue.S s
          && v.get().type().descriptor().equals(s.value());
    } else if (c instanceof Condition.BeginsWith bw) {
      return beginsWith(value(bw.operand(), item), value(bw.prefix(), item));
    } else if (c instanceof Condition.Contains ct) {
      return contains(value(ct.operand(), item), value(ct.element(), item));
    }
    throw new IllegalStateException("unknown condition " + c);
  }

  /** The value of a condition operand; empty when the attribute is missing or has no size. */
  static Optional<AttributeValue> value(Operand operand, Map<String, AttributeValue> item) {
    if (operand instanceof Path p) {
      return Documents.get(item, p);
    } else if (operand instanceof Operand.Literal lit) {
      return Optional.of(lit.value());
    } else if (operand instanceof Operand.Size size) {
      Optional<AttributeValue> v = Documents.get(item, size.path());
      if (v.isEmpty()) {
        return Optional.empty();
      }
      OptionalInt n = Values.size(v.get());
      return n.isPresent() ? Optional.of(AttributeValue.n(n.getAsInt())) : Optional.empty();
    }
    throw new IllegalArgumentException("not a condition operand: " + operand);
  }

  private static boolean compare(
      Comparator op, Optional<AttributeValue> left, Optional<AttributeValue> right) {
    if (left.isEmpty() || right.isEmpty()) {
      return op == Comparator.NE;
    }
    AttributeValue a = left.get();
    AttributeValue b = right.get();
    if (op == Comparator.EQ) {
      return a.equals(b);
    }
    if (op == Comparator.NE) {
      return !a.equals(b);
    }
    OptionalInt cmp = AttributeOrder.compare(a, b);
    if (cmp.isEmpty()) {
      return false;
    }
    int r = cmp.getAsInt();
    switch (op) {
      case LT:
        return r < 0;
      case LE:
        return r <= 0;
      case GT:
        return r > 0;
      case GE:
        return r >= 0;
      default:
        throw new IllegalStateException(op.name());
    }
  }

  private static boolean beginsWith(Optional<AttributeValue> v, Optional<AttributeValue> prefix) {
    if (v.isEmpty() || prefix.isEmpty()) {
      return false;
    }
    return AttributeOrder.beginsWith(v.get(), prefix.get());
  }

  private static boolean contains(Optional<AttributeValue> v, Optional<AttributeValue> element) {
    return v.isPresent()
        && element.isPresent()
        && AttributeFunctions.contains(v.get(), element.get());
  }
}

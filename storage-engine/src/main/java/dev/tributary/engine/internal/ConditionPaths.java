package dev.tributary.engine.internal;

import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.Operand;
import dev.tributary.engine.expression.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** The top-level attribute names a condition reads, in the order they appear. */
final class ConditionPaths {
  private ConditionPaths() {}

  static Set<String> topLevelNames(Condition condition) {
    Set<String> out = new LinkedHashSet<>();
    collect(condition, out);
    return out;
  }

  private static void collect(Condition c, Set<String> out) {
    if (c instanceof Condition.Comparison x) {
      operand(x.left(), out);
      operand(x.right(), out);
    } else if (c instanceof Condition.Between x) {
      operand(x.operand(), out);
      operand(x.lower(), out);
      operand(x.upper(), out);
    } else if (c instanceof Condition.In x) {
      operand(x.operand(), out);
      x.candidates().forEach(o -> operand(o, out));
    } else if (c instanceof Condition.And x) {
      collect(x.left(), out);
      collect(x.right(), out);
    } else if (c instanceof Condition.Or x) {
      collect(x.left(), out);
      collect(x.right(), out);
    } else if (c instanceof Condition.Not x) {
      collect(x.condition(), out);
    } else if (c instanceof Condition.AttributeExists x) {
      out.add(x.path().attributeName());
    } else if (c instanceof Condition.AttributeNotExists x) {
      out.add(x.path().attributeName());
    } else if (c instanceof Condition.AttributeType x) {
      out.add(x.path().attributeName());
    } else if (c instanceof Condition.BeginsWith x) {
      operand(x.operand(), out);
      operand(x.prefix(), out);
    } else if (c instanceof Condition.Contains x) {
      operand(x.operand(), out);
      operand(x.element(), out);
    }
  }

  private static void operand(Operand o, Set<String> out) {
    if (o instanceof Path p) {
      out.add(p.attributeName());
    } else if (o instanceof Operand.Size s) {
      out.add(s.path().attributeName());
    }
  }
}
